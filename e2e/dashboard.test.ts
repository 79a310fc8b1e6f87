// The dashboard in real browsers against the real Worker: on a new interface, a takeover, an accepted
// live request, an offline message, a contact converted and an appointment booked (through the widget
// and the endpoints the console and widget call); the agent lands on the dashboard after signing in,
// picks that interface and reads the cards, today's bars in the accessible table and the appointment
// with « Join »; one more accepted chat changes the figures without a reload; then the page in French.
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { apiSession, interfaceWithOfflineForm, type ApiSession } from "./adminApi";
import { browserProfiles, signIn } from "./browser";

const baseUrl = inject("baseUrl");
const newContext = browserProfiles();
/** The Live chat step's wait: long enough to accept a request through the API, short enough to wait for the offline form. */
const TIMEOUT_S = 20;
const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

interface MetricsLike {
  timeZone: string;
  from: string;
  to: string;
  days: Array<{ day: string; visitors: number; contacts: number }>;
  totals: { visitors: number; contacts: number; responses: number; takeovers: number; liveChats: number; videoChats: number; offlineMessages: number; appointments: number };
  averageResponsesPerDay: number;
  rebuild: unknown;
}
interface ConversationLike {
  id: string;
  status: string;
  requestKind: string | null;
}
interface AppointmentLike {
  id: string;
  name: string;
  agentUrl?: string;
}

/** A widget call with the visitor's token (or none, for the session itself), as the widget sends it. */
async function widgetCall<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { Origin: baseUrl, ...(body !== undefined ? { "Content-Type": "application/json" } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** A visitor's page view on the interface (a widget session, no browser), then the chat opened: their conversation. */
async function apiVisitor(interfaceId: string, title: string) {
  const session = await widgetCall<{ visitorId: string; visitorToken: string }>("POST", "/api/widget/session", { interfaceId, hostOrigin: baseUrl, page: { url: `${baseUrl}/demo`, title } });
  const { conversationId } = await widgetCall<{ conversationId: string }>("POST", "/api/widget/conversations", {}, session.visitorToken);
  return { ...session, conversationId };
}

/** A visitor in their own browser opens the interface's widget on the demo site and asks for a person. */
async function askForPerson(context: BrowserContext, interfaceId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/demo?interface=${interfaceId}`);
  await page.locator("#raibu-widget button").first().click();
  await page.frameLocator("#raibu-widget iframe").getByTestId("request-live").click();
  return page;
}

/** The interface's request waiting for an agent that is not one of `known`, once the conversation's copy in D1 shows it. */
async function waitingRequest(agent: ApiSession, interfaceId: string, known: Set<string>): Promise<ConversationLike> {
  let found: ConversationLike | undefined;
  await expect
    .poll(
      async () => {
        const { conversations } = await agent.call<{ conversations: ConversationLike[] }>("GET", `/api/conversations?status=requested&interface=${interfaceId}`);
        found = conversations.find((c) => !known.has(c.id));
        return found !== undefined;
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  known.add(found!.id);
  return found!;
}

/** `YYYY-MM-DD` of now in the workspace's zone, and the day `n` days before it. */
const dayIn = (timeZone: string, ms = Date.now()) => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(ms);
const daysBefore = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

describe("the dashboard in real browsers", () => {
  const stamp = `d${Date.now()}`;
  let admin: ApiSession;
  let agentApi: ApiSession;
  let interfaceId: string;
  let timeZone: string;
  let today: string;
  const requests = new Set<string>();
  let booked: AppointmentLike;
  const readMetrics = () => agentApi.call<MetricsLike>("GET", `/api/metrics?interfaceId=${interfaceId}`);

  beforeAll(async () => {
    admin = await apiSession(baseUrl, "admin@raibu.local", "raibu-admin");
    agentApi = await apiSession(baseUrl, "agent@raibu.local", "raibu-agent");
    interfaceId = await interfaceWithOfflineForm(admin, `Dashboard ${stamp}`, TIMEOUT_S);
    // Appointments all of today and tomorrow (UTC), 10-minute slots, no notice: the first slot starts within ten minutes.
    const now = new Date();
    const days = Object.fromEntries(WEEKDAYS.map((d) => [d, [] as Array<{ open: string; close: string }>]));
    for (const offset of [0, 1]) days[WEEKDAYS[(now.getUTCDay() + offset) % 7]!] = [{ open: "00:00", close: "24:00" }];
    await admin.call("PUT", `/api/interfaces/${interfaceId}/appointment-settings`, { enabled: true, timeZone: "UTC", days, slotMinutes: 10, bufferMinutes: 0, daysAhead: 7, minNoticeMinutes: 0, agentIds: [] });
    // The stored days are cut in the workspace's zone before anything is counted (a first read may start that).
    for (let tries = 0; (await readMetrics()).rebuild !== null; tries++) {
      if (tries > 100) throw new Error("the dashboard's days were still being recomputed after 30 s");
      await new Promise((r) => setTimeout(r, 300));
    }
    ({ timeZone } = (await agentApi.call<{ workspace: { timeZone: string } }>("GET", "/api/me")).workspace);
    today = dayIn(timeZone);
  });

  it(
    "after a takeover, an accepted live request, an offline message, a contact converted and an appointment booked on an interface, the agent lands on the dashboard, which shows for it 2 responses, 0.3 a day and 1 offline message, today's 4 visitors and 1 contact in the chart's table, and the appointment with Join; one more accepted chat changes them without a reload",
    async () => {
      // Two visitors in their own browsers ask for a person at once: the first is accepted, nobody answers the second.
      const [acceptedContext, offlineContext, laterContext] = await Promise.all([newContext(), newContext(), newContext()]);
      const acceptedVisitor = await askForPerson(acceptedContext, interfaceId);
      const first = await waitingRequest(agentApi, interfaceId, requests);
      expect(first.requestKind).toBe("live");
      await agentApi.call("POST", `/api/conversations/${first.id}/accept`);
      await acceptedVisitor.frameLocator("#raibu-widget iframe").getByText("Camille Durand accepted the request").waitFor();
      const offlineVisitor = await askForPerson(offlineContext, interfaceId);
      await waitingRequest(agentApi, interfaceId, requests);

      // A third visitor talks to the bot; the agent takes over (« Assign to me ») and saves them as a contact.
      const takenOver = await apiVisitor(interfaceId, "Pricing");
      await agentApi.call("POST", `/api/conversations/${takenOver.conversationId}/assign`);
      await agentApi.call("PUT", `/api/visitors/${takenOver.visitorId}/contact`, { name: `Jeanne ${stamp}`, email: `jeanne.${stamp}@moreau.example` });

      // A fourth books the first free slot through the widget's endpoints.
      const booking = await apiVisitor(interfaceId, "Book a call");
      const { slots } = await widgetCall<{ slots: Array<{ startsAt: number }> }>("GET", `/api/widget/conversations/${booking.conversationId}/slots?from=${Date.now()}&to=${Date.now() + 2 * 86_400_000}`, undefined, booking.visitorToken);
      const visitorName = `Paul ${stamp}`;
      await widgetCall("POST", `/api/widget/conversations/${booking.conversationId}/bookings`, { id: `book${stamp}`, startsAt: slots[0]!.startsAt, name: visitorName, email: `paul.${stamp}@durand.example`, timeZone: "UTC" }, booking.visitorToken);
      const { appointments } = await agentApi.call<{ appointments: AppointmentLike[] }>("GET", `/api/appointments?when=upcoming&interfaceId=${interfaceId}`);
      booked = appointments.find((a) => a.name === visitorName)!;
      expect(booked.agentUrl).toBeTruthy();

      // The second visitor's wait runs out: the offline form, sent.
      const form = offlineVisitor.frameLocator("#raibu-widget iframe").getByTestId("offline-form");
      await form.waitFor({ timeout: (TIMEOUT_S + 15) * 1000 });
      await form.getByLabel("Your name").fill("Louis Martin");
      await form.getByLabel("Your email").fill(`louis.${stamp}@martin.example`);
      await form.getByLabel("Your message").fill("Do you rent tandems?");
      await form.getByTestId("offline-send").click();
      await offlineVisitor.frameLocator("#raibu-widget iframe").getByTestId("offline-sent").waitFor();

      // Events are written where they happen and reach D1 through the objects' outboxes: the API has them all.
      await expect
        .poll(async () => (await readMetrics()).totals, { timeout: 20_000 })
        .toMatchObject({ visitors: 4, contacts: 1, responses: 2, takeovers: 1, liveChats: 1, videoChats: 0, offlineMessages: 1, appointments: 1 });

      // The agent signs in and lands on the dashboard, then picks the interface.
      const agent = await (await newContext()).newPage();
      await agent.setViewportSize({ width: 1280, height: 900 });
      await signIn(agent, baseUrl, "agent@raibu.local", "raibu-agent");
      await agent.getByTestId("dashboard-page").waitFor();
      await agent.getByRole("combobox", { name: "Chat interface" }).selectOption(interfaceId);
      await expect.poll(() => agent.url()).toContain(interfaceId);

      const figure = (card: string, testId: string) => agent.getByRole("group", { name: card, exact: true }).getByTestId(testId);
      const responses = () => figure("Total responses", "dashboard-responses").textContent();
      const average = () => figure("Average responses per day", "dashboard-average").textContent();
      await expect.poll(responses).toBe("2");
      expect(await average()).toBe("0.3");
      expect(await figure("Offline messages", "dashboard-offline").textContent()).toBe("1");
      await agent.getByTestId("dashboard-breakdown").getByText("Live 1 · Video 0 · Takeovers 1").waitFor();

      // The chart's figures as a table: seven days up to today, today's visitors and contact, nothing before.
      await agent.getByRole("button", { name: "Show as table" }).click();
      const table = agent.getByRole("table", { name: /Visitors and converted contacts per day/ });
      await table.waitFor();
      expect(await table.getByRole("columnheader").allTextContents()).toEqual(["Day", "Visitors", "Converted contacts"]);
      const body = table.locator("tbody tr");
      expect(await body.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-day")))).toEqual([6, 5, 4, 3, 2, 1, 0].map((n) => daysBefore(today, n)));
      const cells = (day: string) => table.locator(`tbody tr[data-day="${day}"] td`).allTextContents();
      expect(await cells(today)).toEqual(["4", "1"]);
      for (const n of [1, 2, 3, 4, 5, 6]) expect(await cells(daysBefore(today, n))).toEqual(["0", "0"]);

      // The chart itself is focusable and reads out the highlighted day (today's, first).
      await agent.getByRole("group", { name: "Visitors and converted contacts per day", exact: true }).focus();
      await agent.getByTestId("dashboard-day-values").getByText("4 visitors, 1 converted contact").waitFor();

      // The upcoming appointment, with « Join » opening the agent's call page.
      const upcoming = agent.getByRole("region", { name: "Upcoming appointments" });
      const row = upcoming.getByRole("listitem").filter({ hasText: visitorName });
      await row.waitFor();
      expect(await row.getByRole("link", { name: "Join" }).getAttribute("href")).toBe(booked.agentUrl);

      // One more chat accepted while the page stays open: the figures follow without a reload.
      await agent.evaluate(() => ((globalThis as unknown as { stillThisPage: boolean }).stillThisPage = true));
      await askForPerson(laterContext, interfaceId);
      const later = await waitingRequest(agentApi, interfaceId, requests);
      await agentApi.call("POST", `/api/conversations/${later.id}/accept`);
      await expect.poll(responses, { timeout: 20_000 }).toBe("3");
      await expect.poll(average).toBe("0.4");
      await expect.poll(() => cells(today)).toEqual(["5", "1"]);
      expect(await agent.evaluate(() => (globalThis as unknown as { stillThisPage?: boolean }).stillThisPage)).toBe(true);
      await agent.close();
    },
    (TIMEOUT_S + 150) * 1000,
  );

  it("in French the cards read « Total des réponses », « Réponse moyenne/jour » with a decimal comma and « Messages hors ligne », the table and the appointments theirs, with « Rejoindre »", async () => {
    const metrics = await readMetrics();
    const page = await (await newContext()).newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, baseUrl, "agent@raibu.local", "raibu-agent");
    await page.getByTestId("dashboard-page").waitFor();
    await page.getByTestId("lang-fr").click();
    try {
      await page.getByRole("combobox", { name: "Interface de chat" }).selectOption(interfaceId);
      const figure = (card: string, testId: string) => page.getByRole("group", { name: card, exact: true }).getByTestId(testId);
      await expect.poll(() => figure("Total des réponses", "dashboard-responses").textContent()).toBe(String(metrics.totals.responses));
      const average = await figure("Réponse moyenne/jour", "dashboard-average").textContent();
      expect(average).toBe(metrics.averageResponsesPerDay.toLocaleString("fr", { maximumFractionDigits: 1 }));
      expect(average, "three responses over seven days, with a decimal comma").toMatch(/^\d+,\d$/);
      expect(await figure("Messages hors ligne", "dashboard-offline").textContent()).toBe(String(metrics.totals.offlineMessages));

      await page.getByRole("button", { name: "Afficher en tableau" }).click();
      const table = page.getByRole("table", { name: /Visiteurs et contacts convertis par jour/ });
      expect(await table.getByRole("columnheader").allTextContents()).toEqual(["Jour", "Visiteurs", "Contacts convertis"]);
      const todayRow = metrics.days.at(-1)!;
      expect(await table.locator(`tbody tr[data-day="${today}"] td`).allTextContents()).toEqual([String(todayRow.visitors), String(todayRow.contacts)]);

      const upcoming = page.getByRole("region", { name: "Rendez-vous" });
      await upcoming.getByRole("listitem").filter({ hasText: booked.name }).getByRole("link", { name: "Rejoindre" }).waitFor();
    } finally {
      // The choice is saved on the account: the next files read the console in English.
      await page.getByTestId("lang-en").click();
    }
  });
});
