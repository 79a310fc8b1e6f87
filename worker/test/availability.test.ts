// Business hours and agents' availability decide what a visitor's request for a person gets:
// "closed" outside the hours, "nobody available" when every agent is away or offline, or a wait
// that agents are told about. The machine on its own first, then the real Worker end to end.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { emptyWeek, wallClock, WEEKDAYS, zonedInstant, type BusinessHours } from "@raibu/protocol/businessHours";
import { LiveChatStepSchema, type LiveChatStep } from "@raibu/protocol/flow";
import { newState } from "../src/conversation/state";
import { decide, type StatusFacts, type StatusState } from "../src/conversation/statusMachine";
import { createInterface, createWorkspace, openSocket, signedIn, visitorSession, visitorSocket, type Client, type InterfaceOptions } from "./helpers";

const NOW = 1_000_000;
const step = (over: Partial<LiveChatStep> = {}): LiveChatStep => LiveChatStepSchema.parse({ id: "human", kind: "live_chat", whenNobodyOnline: "wait", timeoutSeconds: 30, ...over });
const bot: StatusState = {
  ...newState(
    { id: "c1", workspaceId: "w1", interfaceId: "i1", interfaceName: "Site", visitorId: "v1", visitorName: "Visitor #1", language: "en", signingKey: "k", appOrigin: "https://raibu.example", flowVersion: null },
    NOW - 60_000,
  ),
  cursor: { stepId: "human", waiting: "visitor", dueAt: null },
};
const request = { type: "request", kind: "live" } as const;
const ask = (facts: Partial<StatusFacts>, s: StatusState = bot) => decide(s, request, NOW, { liveChatStep: step(), requestedStep: step(), ...facts });

describe("the request decided on business hours and availability", () => {
  it("every request first asks whether the team works now", () => {
    expect(ask({ onlineAgents: 3 })).toEqual({ ok: false, needs: "hours" });
  });

  it("outside business hours a request gives up at once with the outside_hours notice and when the team is back, even when its step waits and without asking who is online", () => {
    const out = ask({ hours: { open: false, opensAt: NOW + 3_600_000 } });
    expect(out).toMatchObject({ ok: true, state: { status: "offline_form", requestKind: "live", requestDeadline: null }, effects: [] });
    expect(out.ok && out.notices).toEqual([{ code: "requested", kind: "live" }, { code: "outside_hours", opensAt: NOW + 3_600_000 }]);
  });

  it("outside business hours with the step's offline form off, the visitor is back with the bot", () => {
    const off = step({ offlineForm: { ...step().offlineForm, enabled: false } });
    expect(ask({ liveChatStep: off, hours: { open: false, opensAt: null } })).toMatchObject({ ok: true, state: { status: "bot" } });
  });

  it("inside business hours, the machine then asks who is online, whatever the step says about waiting", () => {
    expect(ask({ hours: { open: true } })).toEqual({ ok: false, needs: "onlineAgents" });
  });

  it("inside business hours with nobody online and a step that waits anyway, the request waits marked unattended and says nobody is online", () => {
    const out = ask({ hours: { open: true }, onlineAgents: 0 });
    expect(out).toMatchObject({ ok: true, state: { status: "requested", requestDeadline: NOW + 30_000, requestUnattended: true } });
    expect(out.ok && out.notices).toEqual([{ code: "requested", kind: "live" }, { code: "nobody_online" }]);
  });

  it("inside business hours with an agent online, the request waits for them, not marked unattended", () => {
    const out = ask({ hours: { open: true }, onlineAgents: 1 });
    expect(out).toMatchObject({ ok: true, state: { status: "requested", requestUnattended: false }, notices: [{ code: "requested", kind: "live" }] });
  });

  it("a request after an unattended one that someone is now online for is no longer unattended", () => {
    const first = ask({ hours: { open: true }, onlineAgents: 0 });
    const back = { ...(first.ok ? first.state : bot), status: "offline_form" as const };
    expect(ask({ hours: { open: true }, onlineAgents: 2 }, back)).toMatchObject({ ok: true, state: { status: "requested", requestUnattended: false } });
  });
});

// ---- Through the Worker ----

const allDay = [{ open: "00:00", close: "24:00" }];
const ALWAYS_OPEN: BusinessHours = { enabled: true, days: Object.fromEntries(WEEKDAYS.map((day) => [day, allDay])) as BusinessHours["days"] };
const PARIS = "Europe/Paris";

/** A workspace in Paris time with an admin, an interface with `hours`, and the admin's client. */
async function team(hours: BusinessHours, options: Partial<InterfaceOptions> = {}) {
  const ws = await createWorkspace();
  const admin = await signedIn(ws.id, "admin");
  const iface = await createInterface(ws.id, options);
  expect((await admin.client.patch("/api/workspace", { timeZone: PARIS })).status).toBe(200);
  const saved = await admin.client.patch(`/api/interfaces/${iface.id}`, { businessHours: hours });
  expect(saved.status).toBe(200);
  return { ws, admin, iface };
}

/** An agent of the workspace with the given availability, their console open on the lobby. */
async function agentInLobby(workspaceId: string, availability: "online" | "away") {
  const agent = await signedIn(workspaceId, "agent");
  expect((await agent.client.patch("/api/me", { availability })).status).toBe(200);
  const lobby = await openSocket("/ws/lobby", { Cookie: agent.client.cookie });
  await lobby.next((f) => f.type === "snapshot");
  return { ...agent, lobby };
}

async function visitorAsks(interfaceId: string) {
  const session = await visitorSession(interfaceId);
  const visitor = await visitorSocket(session);
  visitor.send({ type: "request", kind: "live" });
  const state = await visitor.next((f) => f.type === "state" && f.conversation.status !== "bot");
  return { session, visitor, view: state.conversation };
}

const notices = (frames: any[]) => frames.filter((f) => f.type === "message" && f.message.notice).map((f) => f.message.notice);

describe("a visitor's request, end to end", () => {
  it("a request outside the interface's business hours gets the closed outcome: the offline form at once and when the team is back, though an agent is online", async () => {
    // Open every day but today (in Paris): closed now, back at the coming Paris midnight.
    const today = wallClock(Date.now(), PARIS);
    const hours: BusinessHours = { enabled: true, days: { ...ALWAYS_OPEN.days, [today.weekday]: [] } };
    const { ws, iface } = await team(hours);
    await agentInLobby(ws.id, "online");
    const { visitor, view } = await visitorAsks(iface.id);
    expect(view).toMatchObject({ status: "offline_form", requestDeadline: null });
    const tomorrow = new Date(Date.UTC(today.year, today.month - 1, today.day + 1));
    const opensAt = zonedInstant(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth() + 1, tomorrow.getUTCDate(), 0, PARIS);
    await expect.poll(() => notices(visitor.frames)).toEqual([{ code: "requested", kind: "live" }, { code: "outside_hours", opensAt }]);
  });

  it("inside business hours with every agent away, a request gets nobody available: the offline form at once", async () => {
    const { ws, iface } = await team(ALWAYS_OPEN, { whenNobodyOnline: "offline_form" });
    await agentInLobby(ws.id, "away");
    const { visitor, view } = await visitorAsks(iface.id);
    expect(view).toMatchObject({ status: "offline_form", requestDeadline: null });
    await expect.poll(() => notices(visitor.frames)).toEqual([{ code: "requested", kind: "live" }, { code: "nobody_online" }]);
  });

  it("inside business hours with every agent away and a step that waits anyway, the request waits marked unattended: nobody is promised", async () => {
    const { ws, iface } = await team(ALWAYS_OPEN, { whenNobodyOnline: "wait" });
    await agentInLobby(ws.id, "away");
    const { visitor, view } = await visitorAsks(iface.id);
    expect(view).toMatchObject({ status: "requested", unattended: true });
    await expect.poll(() => notices(visitor.frames)).toEqual([{ code: "requested", kind: "live" }, { code: "nobody_online" }]);
  });

  it("inside business hours with an agent online and connected, the request is offered to the agents", async () => {
    const { ws, iface } = await team(ALWAYS_OPEN, { whenNobodyOnline: "offline_form" });
    const agent = await agentInLobby(ws.id, "online");
    const { session, view } = await visitorAsks(iface.id);
    expect(view.status).toBe("requested");
    expect(view.unattended).toBeUndefined();
    await agent.lobby.next((f) => f.type === "request" && f.conversation.conversationId === session.conversationId);
  });

  it("an agent whose availability is online but whose console is closed is not available", async () => {
    const { ws, iface } = await team(ALWAYS_OPEN, { whenNobodyOnline: "offline_form" });
    const agent = await agentInLobby(ws.id, "online");
    const lobby = env.WORKSPACES.get(env.WORKSPACES.idFromName(ws.id));
    expect(await lobby.onlineAgentCount()).toBe(1);
    agent.lobby.close();
    await expect.poll(() => lobby.onlineAgentCount()).toBe(0);
    const { view } = await visitorAsks(iface.id);
    expect(view.status).toBe("offline_form");
  });
});

describe("business hours and the time zone in the API", () => {
  const hoursOf = async (client: Client, id: string) => (await client.get(`/api/interfaces/${id}`)).json.settings.businessHours;

  it("an admin saves an interface's business hours and reads them back; the appearance is kept", async () => {
    const ws = await createWorkspace();
    const admin = await signedIn(ws.id, "admin");
    const iface = await createInterface(ws.id);
    expect(await hoursOf(admin.client, iface.id)).toEqual({ enabled: false, days: emptyWeek() });
    await admin.client.patch(`/api/interfaces/${iface.id}`, { appearance: { color: "#112233" } });
    const hours = { enabled: true, days: { ...emptyWeek(), mon: [{ open: "08:30", close: "12:00" }, { open: "13:00", close: "18:00" }] } };
    const saved = await admin.client.patch(`/api/interfaces/${iface.id}`, { businessHours: hours });
    expect(saved.status).toBe(200);
    expect(saved.json.settings).toMatchObject({ businessHours: hours, appearance: { color: "#112233" } });
    expect(await hoursOf(admin.client, iface.id)).toEqual(hours);
  });

  it("a range that closes before it opens, or overlaps another, is refused naming its day and range", async () => {
    const ws = await createWorkspace();
    const admin = await signedIn(ws.id, "admin");
    const iface = await createInterface(ws.id);
    const backwards = await admin.client.patch(`/api/interfaces/${iface.id}`, { businessHours: { enabled: true, days: { tue: [{ open: "18:00", close: "09:00" }] } } });
    expect(backwards.status).toBe(400);
    expect(backwards.json.error).toMatchObject({ code: "close_before_open", day: "tue", index: 0 });
    const overlap = { enabled: true, days: { fri: [{ open: "09:00", close: "12:00" }, { open: "11:30", close: "17:00" }] } };
    expect((await admin.client.patch(`/api/interfaces/${iface.id}`, { businessHours: overlap })).json.error).toMatchObject({ code: "overlap", day: "fri", index: 1 });
    expect(await hoursOf(admin.client, iface.id)).toEqual({ enabled: false, days: emptyWeek() });
  });

  it("an admin sets the workspace's time zone in its IANA spelling; an unknown zone is refused; an agent may not set it", async () => {
    const ws = await createWorkspace();
    const admin = await signedIn(ws.id, "admin");
    const agent = await signedIn(ws.id, "agent");
    const set = await admin.client.patch("/api/workspace", { timeZone: "europe/paris" });
    expect(set).toMatchObject({ status: 200, json: { id: ws.id, timeZone: PARIS } });
    expect((await agent.client.get("/api/me")).json.workspace.timeZone).toBe(PARIS);
    const unknown = await admin.client.patch("/api/workspace", { timeZone: "Mars/Olympus_Mons" });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatchObject({ code: "invalid_time_zone", timeZone: "Mars/Olympus_Mons" });
    expect((await agent.client.patch("/api/workspace", { timeZone: "UTC" })).status).toBe(403);
    expect((await agent.client.get("/api/me")).json.workspace.timeZone).toBe(PARIS);
  });
});
