// @vitest-environment happy-dom
// The dashboard page in a DOM over a fake API and lobby: the filters written to the address and the
// query they send, the cards' figures under their names, the rebuild's banner, the upcoming
// appointments with « Rejoindre », a lobby frame that changes them, loading and error states, French.
import { createMemoryHistory, MemoryRouter, Route } from "@solidjs/router";
import { createSignal } from "solid-js";
import { render } from "solid-js/web";
import { afterEach, describe, expect, it } from "vitest";
import type { Appointment } from "@raibu/protocol/appointments";
import type { Metrics, MetricsRebuild } from "@raibu/protocol/metrics";
import { addDays, daysIn, todayIn } from "../src/components/dashboard/dashboardQuery";
import { ApiProvider, createApi, type Me } from "../src/lib/api";
import { DashboardPage } from "../src/pages/DashboardPage";
import { createI18n, I18nProvider } from "../src/stores/createI18n";
import { LobbyProvider, type AppointmentFrame, type Lobby } from "../src/stores/createLobby";
import { createSession, SessionProvider } from "../src/stores/createSession";

const ZONE = "Pacific/Kiritimati"; // UTC+14: its today is not the browser's nor UTC's for half the day
const me: Me = { id: "u1", email: "a@example.com", name: "Ada", role: "agent", availability: "online", locale: null, workspace: { id: "w1", name: "W", timeZone: ZONE }, mailMode: "dev_outbox" };

function metricsFor(url: URL, responses: number, rebuild: MetricsRebuild | null): Metrics {
  const from = url.searchParams.get("from")!;
  const to = url.searchParams.get("to")!;
  const figures = { visitors: 40, contacts: 4, responses, liveChats: responses - 3, videoChats: 2, takeovers: 1, callsHeld: 2, offlineMessages: 6, appointments: 1 };
  const zero = Object.fromEntries(Object.keys(figures).map((k) => [k, 0])) as typeof figures;
  const count = daysIn(from, to);
  // Every day of the range, as the API sends it; all the activity today.
  const days = Array.from({ length: count }, (_, i) => ({ day: addDays(from, i), ...(i === count - 1 ? figures : zero) }));
  return { timeZone: ZONE, from, to, interfaceId: url.searchParams.get("interfaceId"), days, totals: figures, averageResponsesPerDay: Math.round((responses / count) * 10) / 10, rebuild };
}

const soon = Date.now() + 5 * 60_000;
const appointment: Appointment = {
  id: "ap1",
  interfaceId: "if1",
  interfaceName: "Shop",
  conversationId: "c1",
  visitorId: "v1",
  name: "Grace Hopper",
  email: "grace@example.com",
  lang: "en",
  startsAt: soon,
  endsAt: soon + 30 * 60_000,
  status: "booked",
  callId: "call1",
  agentUrl: "/call/call1?t=secret",
  createdAt: Date.now(),
  cancelledAt: null,
};

type Server = { responses: number; rebuild: MetricsRebuild | null; failMetrics: boolean };

let dispose: (() => void) | undefined;
afterEach(() => {
  dispose?.();
  document.body.innerHTML = "";
  localStorage.clear();
});

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

function mount(options: { path?: string; lang?: "en" | "fr"; server?: Partial<Server> } = {}) {
  const server: Server = { responses: 18, rebuild: null, failMetrics: false, ...options.server };
  const asked: URL[] = [];
  const fetch = async (input: RequestInfo | URL) => {
    const url = new URL(String(input), "http://localhost");
    asked.push(url);
    const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
    if (url.pathname === "/api/me") return json(me);
    if (url.pathname === "/api/interfaces") return json({ interfaces: [{ id: "if1", name: "Shop", language: "en" }, { id: "if2", name: "Support", language: "fr" }] });
    if (url.pathname === "/api/appointments") return json({ appointments: url.searchParams.get("interfaceId") === "if2" ? [] : [appointment], nextCursor: null });
    if (url.pathname === "/api/metrics") return server.failMetrics ? json({ error: { code: "internal", message: "boom" } }, 500) : json(metricsFor(url, server.responses, server.rebuild));
    return json({ error: { code: "not_found", message: url.pathname } }, 404);
  };
  const metricsListeners = new Set<() => void>();
  const appointmentListeners = new Set<(frame: AppointmentFrame) => void>();
  const [snapshots] = createSignal(1);
  const lobby = {
    snapshots,
    onMetrics: (l: () => void) => (metricsListeners.add(l), () => void metricsListeners.delete(l)),
    onAppointment: (l: (frame: AppointmentFrame) => void) => (appointmentListeners.add(l), () => void appointmentListeners.delete(l)),
  } as unknown as Lobby;
  const history = createMemoryHistory();
  history.set({ value: options.path ?? "/" });
  const root = document.createElement("div");
  document.body.append(root);
  dispose = render(() => {
    const i18n = createI18n();
    i18n.setLang(options.lang ?? "en");
    const api = createApi({ fetch: fetch as typeof globalThis.fetch, onUnauthorized: () => {} });
    const session = createSession(api);
    return (
      <I18nProvider value={i18n}>
        <ApiProvider value={api}>
          <SessionProvider value={session}>
            <LobbyProvider value={lobby}>
              <MemoryRouter history={history}>
                <Route path="/" component={DashboardPage} />
              </MemoryRouter>
            </LobbyProvider>
          </SessionProvider>
        </ApiProvider>
      </I18nProvider>
    );
  }, root);
  const $ = (selector: string) => root.querySelector<HTMLElement>(selector);
  return {
    root,
    $,
    history,
    server,
    asked,
    metricsAsked: () => asked.filter((u) => u.pathname === "/api/metrics"),
    appointmentFrame: (frame: AppointmentFrame) => appointmentListeners.forEach((l) => l(frame)),
  };
}

describe("the dashboard page", () => {
  it("asks for the last 7 days of the workspace's zone (from /api/me) for all interfaces, and shows the three cards' figures under their names", async () => {
    const page = mount();
    expect(page.$('[data-testid="dashboard-loading"]')).not.toBeNull();
    await settle();
    const today = todayIn(ZONE, Date.now());
    const asked = page.metricsAsked()[0]!;
    expect(Object.fromEntries(asked.searchParams)).toEqual({ from: addDays(today, -6), to: today });
    const card = (name: string) => page.$(`[role="group"][aria-label="${name}"]`);
    expect(card("Total responses")?.querySelector('[data-testid="dashboard-responses"]')?.textContent).toBe("18");
    expect(page.$('[data-testid="dashboard-breakdown"]')?.textContent).toBe("Live 15 · Video 2 · Takeovers 1");
    expect(card("Average responses per day")?.querySelector('[data-testid="dashboard-average"]')?.textContent).toBe("2.6");
    expect(card("Offline messages")?.querySelector('[data-testid="dashboard-offline"]')?.textContent).toBe("6");
    expect(page.$('[data-testid="dashboard-loading"]')).toBeNull();
  });

  it("a preset and an interface chosen are written to the address, sent, and their figures shown; an address with a custom range is read back", async () => {
    const page = mount();
    await settle();
    const range = page.$('[data-testid="dashboard-range"]') as HTMLSelectElement;
    range.value = "last30";
    range.dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    const pick = page.$('[data-testid="dashboard-interface"]') as HTMLSelectElement;
    pick.value = "if2";
    pick.dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    expect(page.history.get()).toBe("/?range=last30&interface=if2");
    expect(page.$('[data-testid="dashboard-average-note"]')?.textContent).toBe("18 over 30 days");
    const last = page.metricsAsked().at(-1)!;
    const today = todayIn(ZONE, Date.now());
    expect(Object.fromEntries(last.searchParams)).toEqual({ from: addDays(today, -29), to: today, interfaceId: "if2" });
    expect(page.$('[data-testid="dashboard-no-appointments"]')).not.toBeNull();

    const again = mount({ path: "/?from=2026-10-01&to=2026-10-31&interface=if1" });
    await settle();
    expect(Object.fromEntries(again.metricsAsked()[0]!.searchParams)).toEqual({ from: "2026-10-01", to: "2026-10-31", interfaceId: "if1" });
    expect((again.$('[data-testid="dashboard-from"]') as HTMLInputElement).value).toBe("2026-10-01");
  });

  it("a custom range with its days reversed says why and is not sent; a right one is", async () => {
    const page = mount();
    await settle();
    const range = page.$('[data-testid="dashboard-range"]') as HTMLSelectElement;
    range.value = "custom";
    range.dispatchEvent(new Event("change", { bubbles: true }));
    const from = page.$('[data-testid="dashboard-from"]') as HTMLInputElement;
    const to = page.$('[data-testid="dashboard-to"]') as HTMLInputElement;
    from.value = "2026-11-20";
    from.dispatchEvent(new Event("input", { bubbles: true }));
    to.value = "2026-11-10";
    to.dispatchEvent(new Event("input", { bubbles: true }));
    page.$('[data-testid="dashboard-apply"]')!.click();
    await settle();
    expect(page.$('[data-testid="dashboard-range-problem"]')?.textContent).toBe("The first day comes after the last one.");
    expect(page.metricsAsked()).toHaveLength(1);
    to.value = "2026-11-25";
    to.dispatchEvent(new Event("input", { bubbles: true }));
    page.$('[data-testid="dashboard-apply"]')!.click();
    await settle();
    expect(page.history.get()).toBe("/?from=2026-11-20&to=2026-11-25");
    expect(Object.fromEntries(page.metricsAsked().at(-1)!.searchParams)).toEqual({ from: "2026-11-20", to: "2026-11-25" });
  });

  it("while a time-zone change is applied a banner says its progress", async () => {
    const page = mount({ server: { rebuild: { timeZone: ZONE, status: "running", done: 300, total: 1200, startedAt: 1, finishedAt: null } } });
    await settle();
    const banner = page.$('[data-testid="dashboard-rebuild"]');
    expect(banner?.getAttribute("role")).toBe("status");
    expect(banner?.textContent).toContain("300 of 1,200 events (25%)");
    expect(banner?.querySelector("progress")?.getAttribute("value")).toBe("25");
  });

  it("a time-zone change whose events are not counted yet shows an indeterminate bar (no value), not 0 of 0", async () => {
    const page = mount({ server: { rebuild: { timeZone: ZONE, status: "running", done: 0, total: 0, startedAt: 1, finishedAt: null } } });
    await settle();
    const banner = page.$('[data-testid="dashboard-rebuild"]');
    expect(banner?.textContent).toContain("counting the events");
    expect(banner?.textContent).not.toContain("0 of 0");
    expect(banner?.querySelector("progress")?.hasAttribute("value")).toBe(false);
    expect(page.$('[data-testid="dashboard-responses"]')?.textContent).toBe("18");
  });

  it("lists the upcoming appointment with its time, visitor, interface and « Join », and a cancellation heard from the lobby takes it away", async () => {
    const page = mount();
    await settle();
    const row = page.$('[data-testid="dashboard-appointment"]')!;
    expect(row.querySelector('[data-testid="dashboard-appointment-visitor"]')?.textContent).toBe("Grace Hopper");
    expect(row.querySelector('[data-testid="dashboard-appointment-interface"]')?.textContent).toBe("Interface: Shop");
    const join = row.querySelector<HTMLAnchorElement>('[data-testid="appointment-join"]')!;
    expect(join.textContent).toBe("Join");
    expect(join.getAttribute("href")).toBe("/call/call1?t=secret");
    page.appointmentFrame({ type: "appointment", change: "cancelled", appointment: { ...appointment, status: "cancelled", cancelledAt: Date.now() } });
    await settle();
    expect(page.$('[data-testid="dashboard-appointment"]')).toBeNull();
    expect(page.$('[data-testid="dashboard-no-appointments"]')).not.toBeNull();
  });

  it("figures that could not be loaded say so with « Try again »", async () => {
    const page = mount({ server: { failMetrics: true } });
    await settle();
    expect(page.$('[data-testid="dashboard-error"]')?.textContent).toContain("The figures could not be loaded.");
    expect(page.$('[data-testid="dashboard-loading"]')).toBeNull();
    page.server.failMetrics = false;
    page.$('[data-testid="dashboard-error"] button')!.click();
    await settle();
    expect(page.$('[data-testid="dashboard-error"]')).toBeNull();
    expect(page.$('[data-testid="dashboard-responses"]')?.textContent).toBe("18");
  });

  it("speaks French: « Total des réponses », « Réponse moyenne/jour », « Messages hors ligne », « Rendez-vous », « Rejoindre »", async () => {
    const page = mount({ lang: "fr" });
    await settle();
    expect(page.$('[role="group"][aria-label="Total des réponses"]')).not.toBeNull();
    expect(page.$('[role="group"][aria-label="Réponse moyenne/jour"]')).not.toBeNull();
    expect(page.$('[role="group"][aria-label="Messages hors ligne"]')).not.toBeNull();
    expect(page.$('[data-testid="dashboard-appointments"] h2')?.textContent).toBe("Rendez-vous");
    expect(page.$('[data-testid="appointment-join"]')?.textContent).toBe("Rejoindre");
    expect(page.$('[data-testid="dashboard-average"]')?.textContent).toBe("2,6");
  });
});
