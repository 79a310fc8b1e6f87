// The dashboard kept live without a reload: the figures read for the filters, again after the lobby's
// `metrics` frames (once for a burst), every few seconds while a time-zone change is applied, and the
// upcoming appointments changed by the lobby's `appointment` frames. Timers are run by hand.
import { createRoot, createSignal } from "solid-js";
import { describe, expect, it } from "vitest";
import type { Appointment } from "@raibu/protocol/appointments";
import type { Metrics, MetricsQuery, MetricsRebuild } from "@raibu/protocol/metrics";
import { createDashboard, METRICS_PAUSE_MS, REBUILD_POLL_MS, UPCOMING_LIMIT, type Timers } from "../src/components/dashboard/createDashboard";
import type { AppointmentFrame } from "../src/stores/createLobby";

const NOW = Date.UTC(2026, 10, 30, 14, 0);
const MIN = 60_000;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Timers that run only when the test says so. */
function handTimers() {
  const pending = new Map<number, { run: () => void; ms: number }>();
  let next = 0;
  const timers: Timers = {
    set: (run, ms) => (pending.set(++next, { run, ms }), next),
    clear: (handle) => void pending.delete(handle as number),
  };
  return {
    timers,
    pending: () => [...pending.values()].map((p) => p.ms),
    runAll() {
      const due = [...pending.values()];
      pending.clear();
      for (const p of due) p.run();
    },
  };
}

function answer(query: MetricsQuery, responses: number, rebuild: MetricsRebuild | null = null): Metrics {
  const figures = { visitors: 0, contacts: 0, responses, liveChats: responses, videoChats: 0, takeovers: 0, callsHeld: 0, offlineMessages: 0, appointments: 0 };
  return { timeZone: "UTC", from: query.from!, to: query.to!, interfaceId: query.interfaceId ?? null, days: [{ day: query.to!, ...figures }], totals: figures, averageResponsesPerDay: responses, rebuild };
}

const appointment = (id: string, startsAt: number, interfaceId = "if1"): Appointment => ({
  id,
  interfaceId,
  interfaceName: interfaceId === "if1" ? "Shop" : "Support",
  conversationId: `c-${id}`,
  visitorId: `v-${id}`,
  name: `Name ${id}`,
  email: `${id}@example.com`,
  lang: "en",
  startsAt,
  endsAt: startsAt + 30 * MIN,
  status: "booked",
  callId: `call-${id}`,
  agentUrl: `/call/call-${id}?t=token-${id}`,
  createdAt: NOW - 60 * MIN,
  cancelledAt: null,
});

/** A dashboard over a fake API and lobby: `responses` is what the API counts now. */
function setUp(options: { rebuilds?: (MetricsRebuild | null)[]; upcoming?: Appointment[]; firstAnswerWaitsFor?: Promise<void> } = {}) {
  const hand = handTimers();
  const [query, setQuery] = createSignal<MetricsQuery | null>({ from: "2026-11-24", to: "2026-11-30" });
  const [snapshots, setSnapshots] = createSignal(1);
  const metricsCalls: MetricsQuery[] = [];
  const upcomingCalls: { interfaceId?: string; limit: number }[] = [];
  let responses = 3;
  const rebuilds = [...(options.rebuilds ?? [])];
  let upcoming = options.upcoming ?? [];
  const metricsListeners = new Set<() => void>();
  const appointmentListeners = new Set<(frame: AppointmentFrame) => void>();
  const { dashboard, dispose } = createRoot((dispose) => ({
    dispose,
    dashboard: createDashboard({
      query,
      metrics: async (q) => {
        metricsCalls.push(q);
        if (metricsCalls.length === 1 && options.firstAnswerWaitsFor) await options.firstAnswerWaitsFor;
        return answer(q, responses, rebuilds.length ? rebuilds.shift()! : null);
      },
      upcoming: async (q) => {
        upcomingCalls.push(q);
        return upcoming.filter((a) => !q.interfaceId || a.interfaceId === q.interfaceId).slice(0, q.limit);
      },
      onMetrics: (l) => (metricsListeners.add(l), () => void metricsListeners.delete(l)),
      onAppointment: (l) => (appointmentListeners.add(l), () => void appointmentListeners.delete(l)),
      snapshots,
      timers: hand.timers,
      now: () => NOW,
    }),
  }));
  return {
    dashboard,
    dispose,
    hand,
    setQuery,
    setSnapshots,
    metricsCalls,
    upcomingCalls,
    setResponses: (n: number) => (responses = n),
    setUpcoming: (list: Appointment[]) => (upcoming = list),
    metricsFrame: () => metricsListeners.forEach((l) => l()),
    appointmentFrame: (frame: AppointmentFrame) => appointmentListeners.forEach((l) => l(frame)),
    listeners: () => metricsListeners.size + appointmentListeners.size,
  };
}

describe("the dashboard's figures", () => {
  it("are read for the filters' query, and read again when the filters change", async () => {
    const s = setUp();
    await settle();
    expect(s.metricsCalls).toEqual([{ from: "2026-11-24", to: "2026-11-30" }]);
    expect(s.dashboard.metrics()?.totals.responses).toBe(3);
    s.setQuery({ from: "2026-11-01", to: "2026-11-30", interfaceId: "if2" });
    await settle();
    expect(s.metricsCalls[1]).toEqual({ from: "2026-11-01", to: "2026-11-30", interfaceId: "if2" });
    expect(s.dashboard.metrics()?.interfaceId).toBe("if2");
    s.dispose();
  });

  it("a lobby `metrics` frame reads them again after a pause, once for a burst of frames, and the new figures show without a reload", async () => {
    const s = setUp();
    await settle();
    s.setResponses(4);
    s.metricsFrame();
    s.metricsFrame();
    s.metricsFrame();
    expect(s.hand.pending()).toEqual([METRICS_PAUSE_MS]);
    expect(s.metricsCalls).toHaveLength(1);
    s.hand.runAll();
    await settle();
    expect(s.metricsCalls).toHaveLength(2);
    expect(s.dashboard.metrics()?.totals.responses).toBe(4);
    s.dispose();
  });

  it("while a time-zone change is applied they are read again every few seconds, until it is done", async () => {
    const running = (done: number): MetricsRebuild => ({ timeZone: "Europe/Paris", status: "running", done, total: 100, startedAt: NOW, finishedAt: null });
    const s = setUp({ rebuilds: [running(10), running(60), { ...running(100), status: "done", finishedAt: NOW + 1 }] });
    await settle();
    expect(s.dashboard.metrics()?.rebuild?.done).toBe(10);
    expect(s.hand.pending()).toEqual([REBUILD_POLL_MS]);
    s.hand.runAll();
    await settle();
    expect(s.dashboard.metrics()?.rebuild?.done).toBe(60);
    s.hand.runAll();
    await settle();
    expect(s.dashboard.metrics()?.rebuild?.status).toBe("done");
    expect(s.hand.pending()).toEqual([]);
    expect(s.metricsCalls).toHaveLength(3);
    s.dispose();
  });

  it("an answer for filters changed meanwhile is dropped for the newer one, even when it comes last", async () => {
    let release!: () => void;
    const s = setUp({ firstAnswerWaitsFor: new Promise<void>((resolve) => (release = resolve)) });
    s.setQuery({ from: "2026-10-01", to: "2026-10-31" });
    await settle();
    expect(s.dashboard.metrics()?.from).toBe("2026-10-01");
    release();
    await settle();
    expect(s.metricsCalls).toHaveLength(2);
    expect(s.dashboard.metrics()?.from).toBe("2026-10-01");
    s.dispose();
  });

  it("a reconnect of the lobby reads the figures and the appointments again; leaving the page stops listening", async () => {
    const s = setUp();
    await settle();
    s.setSnapshots(2);
    await settle();
    expect(s.metricsCalls).toHaveLength(2);
    expect(s.upcomingCalls).toHaveLength(2);
    s.dispose();
    expect(s.listeners()).toBe(0);
  });
});

describe("the dashboard's upcoming appointments", () => {
  it("a few are read, soonest first, for the chosen interface", async () => {
    const s = setUp({ upcoming: [appointment("a", NOW + 60 * MIN), appointment("b", NOW + 90 * MIN, "if2")] });
    await settle();
    expect(s.upcomingCalls).toEqual([{ interfaceId: undefined, limit: UPCOMING_LIMIT }]);
    expect(s.dashboard.appointments().map((a) => a.id)).toEqual(["a", "b"]);
    s.setQuery({ from: "2026-11-24", to: "2026-11-30", interfaceId: "if2" });
    await settle();
    expect(s.upcomingCalls[1]).toEqual({ interfaceId: "if2", limit: UPCOMING_LIMIT });
    expect(s.dashboard.appointments().map((a) => a.id)).toEqual(["b"]);
    s.dispose();
  });

  it("a booking heard from the lobby comes in at its place without a read; another interface's is left out when one is chosen", async () => {
    const s = setUp({ upcoming: [appointment("a", NOW + 60 * MIN), appointment("c", NOW + 180 * MIN)] });
    await settle();
    s.appointmentFrame({ type: "appointment", change: "booked", appointment: appointment("b", NOW + 120 * MIN) });
    expect(s.dashboard.appointments().map((a) => a.id)).toEqual(["a", "b", "c"]);
    s.setQuery({ from: "2026-11-24", to: "2026-11-30", interfaceId: "if1" });
    await settle();
    s.appointmentFrame({ type: "appointment", change: "booked", appointment: appointment("z", NOW + 30 * MIN, "if2") });
    expect(s.dashboard.appointments().map((a) => a.id)).toEqual(["a", "c"]);
    expect(s.upcomingCalls).toHaveLength(2);
    s.dispose();
  });

  it("a cancellation from a full list reads it again, so the next one comes up", async () => {
    const list = Array.from({ length: UPCOMING_LIMIT + 1 }, (_, i) => appointment(`a${i}`, NOW + (i + 1) * 60 * MIN));
    const s = setUp({ upcoming: list });
    await settle();
    expect(s.dashboard.appointments()).toHaveLength(UPCOMING_LIMIT);
    s.setUpcoming(list.slice(1));
    s.appointmentFrame({ type: "appointment", change: "cancelled", appointment: { ...list[0]!, status: "cancelled", cancelledAt: NOW } });
    await settle();
    expect(s.upcomingCalls).toHaveLength(2);
    expect(s.dashboard.appointments().map((a) => a.id)).toEqual(list.slice(1, UPCOMING_LIMIT + 1).map((a) => a.id));
    s.dispose();
  });
});
