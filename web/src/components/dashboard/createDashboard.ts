// The dashboard's data, kept live: the figures for the filters (read again, a second after the lobby
// says metric events landed, and every few seconds while a time-zone change is applied) and the few
// upcoming appointments (changed by the lobby's appointment frames). I/O comes in as functions.
import { batch, createEffect, createSignal, on, onCleanup, type Accessor } from "solid-js";
import type { Appointment } from "@raibu/protocol/appointments";
import type { Metrics, MetricsQuery } from "@raibu/protocol/metrics";
import type { AppointmentFrame } from "../../stores/createLobby";
import { applyToUpcoming } from "../appointments/appointmentList";

/** The lobby's frames come at most once a second; events landing together are read once after this pause. */
export const METRICS_PAUSE_MS = 1000;
/** How often the figures are read again while a time-zone change is applied (its banner's progress). */
export const REBUILD_POLL_MS = 2000;
/** How many upcoming appointments the dashboard lists (the Appointments page has them all). */
export const UPCOMING_LIMIT = 5;

export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const browserTimers: Timers = { set: (run, ms) => setTimeout(run, ms), clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) };

export interface DashboardSources {
  /** The query for the filters; null until the workspace's zone is known. */
  query: Accessor<MetricsQuery | null>;
  metrics: (query: MetricsQuery) => Promise<Metrics>;
  upcoming: (query: { interfaceId?: string; limit: number }) => Promise<Appointment[]>;
  onMetrics: (listener: () => void) => () => void;
  onAppointment: (listener: (frame: AppointmentFrame) => void) => () => void;
  /** Counts the lobby's snapshots: one after the first means a reconnect, and what it missed is read again. */
  snapshots?: Accessor<number>;
  timers?: Timers;
  now?: () => number;
}

export function createDashboard(sources: DashboardSources) {
  const timers = sources.timers ?? browserTimers;
  const now = sources.now ?? Date.now;

  const [metrics, setMetrics] = createSignal<Metrics | null>(null);
  const [loading, setLoading] = createSignal(false);
  const [failed, setFailed] = createSignal(false);
  // Only the latest read counts: an answer for filters since changed is dropped.
  let metricsRead = 0;
  let pause: unknown;
  let poll: unknown;
  const stopTimers = () => {
    timers.clear(pause);
    timers.clear(poll);
    pause = poll = undefined;
  };

  async function readMetrics(query: MetricsQuery) {
    const read = ++metricsRead;
    timers.clear(poll);
    poll = undefined;
    setLoading(true);
    let answer: Metrics;
    try {
      answer = await sources.metrics(query);
    } catch {
      if (read === metricsRead) batch(() => (setFailed(true), setLoading(false)));
      return;
    }
    if (read !== metricsRead) return;
    // Outside the try: only the request's failure is "could not be loaded", never the page's drawing.
    batch(() => {
      setMetrics(answer);
      setFailed(false);
      setLoading(false);
    });
    if (answer.rebuild?.status === "running") poll = timers.set(() => reloadMetrics(), REBUILD_POLL_MS);
  }
  const reloadMetrics = () => {
    const query = sources.query();
    if (query) void readMetrics(query);
  };

  const [appointments, setAppointments] = createSignal<Appointment[]>([]);
  const [appointmentsLoaded, setAppointmentsLoaded] = createSignal(false);
  const [appointmentsFailed, setAppointmentsFailed] = createSignal(false);
  let appointmentsRead = 0;
  const interfaceId = () => sources.query()?.interfaceId;

  async function readAppointments() {
    const read = ++appointmentsRead;
    try {
      const list = await sources.upcoming({ interfaceId: interfaceId(), limit: UPCOMING_LIMIT });
      if (read !== appointmentsRead) return;
      setAppointments(list);
      setAppointmentsFailed(false);
      setAppointmentsLoaded(true);
    } catch {
      if (read === appointmentsRead) setAppointmentsFailed(true);
    }
  }

  createEffect(
    on(sources.query, (query) => {
      if (query) void readMetrics(query);
    }),
  );
  createEffect(on(interfaceId, () => sources.query() && void readAppointments()));

  // Events land in bursts (a chat accepted is a response and maybe a contact): one read after a pause.
  const offMetrics = sources.onMetrics(() => {
    timers.clear(pause);
    pause = timers.set(() => {
      pause = undefined;
      reloadMetrics();
    }, METRICS_PAUSE_MS);
  });

  const offAppointment = sources.onAppointment((frame) => {
    const only = interfaceId();
    if (only && frame.appointment.interfaceId !== only) return;
    const before = appointments();
    const next = applyToUpcoming(before, frame, now()).slice(0, UPCOMING_LIMIT);
    setAppointments(next);
    // One left a full list: the next one after the last shown is not known here.
    if (before.length === UPCOMING_LIMIT && next.length < UPCOMING_LIMIT) void readAppointments();
  });

  if (sources.snapshots) {
    const atStart = sources.snapshots();
    createEffect(
      on(
        sources.snapshots,
        (count) => {
          if (count > atStart) {
            reloadMetrics();
            if (sources.query()) void readAppointments();
          }
        },
        { defer: true },
      ),
    );
  }

  onCleanup(() => {
    offMetrics();
    offAppointment();
    stopTimers();
    metricsRead++;
    appointmentsRead++;
  });

  return {
    metrics,
    loading,
    failed,
    reload: reloadMetrics,
    appointments,
    appointmentsLoaded,
    appointmentsFailed,
    reloadAppointments: () => void readAppointments(),
  };
}

export type Dashboard = ReturnType<typeof createDashboard>;
