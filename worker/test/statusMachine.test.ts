// The conversation's status machine, without a Durable Object: one test per transition, per
// refusal and per "nothing to do", with the facts a shell would have gathered.
import { describe, expect, it } from "vitest";
import { LiveChatStepSchema, type LiveChatStep } from "@raibu/protocol/flow";
import type { CallLinks } from "@raibu/protocol/realtime";
import { ENDED } from "../src/lib/flowRunner";
import { newState } from "../src/conversation/state";
import { decide, writeRefusal, type Outcome, type StatusEvent, type StatusFacts, type StatusState } from "../src/conversation/statusMachine";

const NOW = 1_000_000;
const ana = { id: "u-ana", name: "Ana" };
const ben = { id: "u-ben", name: "Ben" };
const boss = { id: "u-boss", name: "Boss", admin: true };
const call: CallLinks = { callId: "call-1", visitorUrl: "https://raibu.example/call/call-1?t=v", agentUrl: "https://raibu.example/call/call-1?t=a" };

const step = (over: Partial<LiveChatStep> = {}): LiveChatStep => LiveChatStepSchema.parse({ id: "human", kind: "live_chat", whenNobodyOnline: "wait", timeoutSeconds: 30, ...over });
const waitingCursor = { stepId: "human", waiting: "visitor" as const, dueAt: null };

const conversation = newState(
  { id: "c1", workspaceId: "w1", interfaceId: "i1", interfaceName: "Site", visitorId: "v1", visitorName: "Visitor #1", language: "en", signingKey: "k", appOrigin: "https://raibu.example", flowVersion: null },
  NOW - 120_000,
);

/** A conversation whose bot waits at its Live chat step, with `over` on top. */
function state(over: Partial<StatusState> = {}): StatusState {
  return { ...conversation, cursor: waitingCursor, ...over };
}

const requested = (over: Partial<StatusState> = {}) =>
  state({ status: "requested", requestKind: "live", requestedAt: NOW - 5000, requestDeadline: NOW + 25_000, requestStepId: "human", ...over });
const live = (over: Partial<StatusState> = {}) => state({ status: "live", assignee: ana, startedAt: NOW - 60_000, cursor: ENDED, ...over });

function run(s: StatusState, event: StatusEvent, facts: Partial<StatusFacts> = {}, now = NOW): Outcome<StatusState> {
  const before = structuredClone(s);
  // By default the team works now and one agent is online (business hours: test/availability.test.ts).
  const outcome = decide(s, event, now, { liveChatStep: step(), requestedStep: step(), hours: { open: true }, onlineAgents: 1, ...facts });
  // Pure: the state it was given is never written.
  expect(s).toEqual(before);
  return outcome;
}

function changed(outcome: Outcome<StatusState>) {
  if (!outcome.ok) throw new Error(`expected a transition, got ${JSON.stringify(outcome)}`);
  return outcome;
}

function refusal(outcome: Outcome<StatusState>) {
  if (outcome.ok || !("refusal" in outcome)) throw new Error(`expected a refusal, got ${JSON.stringify(outcome)}`);
  return outcome.refusal;
}

describe("taking a conversation", () => {
  it("« Assign to me » while the bot talks makes it live with that agent, stops the bot for good and says who took over", () => {
    const out = changed(run(state(), { type: "assign", agent: ana }));
    expect(out.state).toMatchObject({ status: "live", assignee: ana, startedAt: NOW, cursor: ENDED });
    expect(out.notices).toEqual([{ code: "takeover", agent: "Ana" }]);
    expect(out.effects).toEqual([]);
  });

  it("« Assign to me » on the offline form takes the conversation over too", () => {
    const out = changed(run(state({ status: "offline_form", requestKind: "live", requestStepId: "human" }), { type: "assign", agent: ana }));
    expect(out.state).toMatchObject({ status: "live", assignee: ana });
    expect(out.notices).toEqual([{ code: "takeover", agent: "Ana" }]);
  });

  it("accepting a pending live request makes it live, clears the deadline and says the request was accepted", () => {
    const out = changed(run(requested(), { type: "accept", agent: ana }));
    expect(out.state).toMatchObject({ status: "live", assignee: ana, requestDeadline: null, startedAt: NOW, requestKind: "live" });
    expect(out.notices).toEqual([{ code: "accepted", agent: "Ana", kind: "live" }]);
  });

  it("« Assign to me » on a pending request is Accept: the same notice", () => {
    const out = changed(run(requested(), { type: "assign", agent: ana }));
    expect(out.notices).toEqual([{ code: "accepted", agent: "Ana", kind: "live" }]);
  });

  it("accepting a video request first asks for call links, then stores them with the acceptance", () => {
    const video = requested({ requestKind: "video" });
    expect(run(video, { type: "accept", agent: ana })).toEqual({ ok: false, needs: "call" });
    const out = changed(run(video, { type: "accept", agent: ana }, { call }));
    expect(out.state).toMatchObject({ status: "live", call });
    expect(out.notices).toEqual([{ code: "accepted", agent: "Ana", kind: "video" }]);
  });

  it("« Assign to me » on a video request asks for the call links just as Accept does", () => {
    expect(run(requested({ requestKind: "video" }), { type: "assign", agent: ana })).toEqual({ ok: false, needs: "call" });
  });

  it("an agent who already has the live conversation assigns or accepts it again and nothing changes", () => {
    const s = live();
    expect(run(s, { type: "assign", agent: ana })).toEqual({ ok: true, state: s, notices: [], effects: [] });
    expect(run(s, { type: "accept", agent: ana })).toEqual({ ok: true, state: s, notices: [], effects: [] });
  });

  it("refuses a second agent with already_taken, naming who has it", () => {
    for (const type of ["assign", "accept"] as const) {
      expect(refusal(run(live(), { type, agent: ben }))).toMatchObject({ code: "already_taken", assignee: ana });
    }
  });

  it("an admin who names the colleague takes their live conversation over, keeping when it started, and the notice says who took over", () => {
    const out = changed(run(live(), { type: "assign", agent: boss, takeOverFrom: ana.id }));
    expect(out.state).toMatchObject({ status: "live", assignee: { id: boss.id, name: boss.name }, startedAt: NOW - 60_000 });
    expect(out.notices).toEqual([{ code: "takeover", agent: "Boss" }]);
  });

  it("an admin who lost a race, or names a colleague who no longer has it, is refused and told who has it", () => {
    expect(refusal(run(live(), { type: "assign", agent: boss }))).toMatchObject({ code: "already_taken", assignee: ana });
    expect(refusal(run(live(), { type: "assign", agent: boss, takeOverFrom: ben.id }))).toMatchObject({ code: "already_taken", assignee: ana });
  });

  it("an agent who is not an admin cannot take a colleague's conversation over, even naming them", () => {
    expect(refusal(run(live(), { type: "assign", agent: ben, takeOverFrom: ana.id }))).toMatchObject({ code: "already_taken", assignee: ana });
  });

  it("refuses « Assign to me » on a closed conversation", () => {
    expect(refusal(run(state({ status: "closed", closedAt: NOW - 1 }), { type: "assign", agent: ana })).code).toBe("conversation_closed");
  });

  it("refuses Accept when no request is pending", () => {
    expect(refusal(run(state(), { type: "accept", agent: ana })).code).toBe("no_request");
  });
});

describe("transfer", () => {
  it("the assignee hands the conversation to a colleague, who then has it live", () => {
    const out = changed(run(live(), { type: "transfer", from: ana, to: ben }));
    expect(out.state).toMatchObject({ status: "live", assignee: ben, startedAt: NOW - 60_000 });
    expect(out.notices).toEqual([{ code: "transferred", from: "Ana", to: "Ben" }]);
  });

  it("an admin may transfer a colleague's conversation", () => {
    expect(changed(run(live(), { type: "transfer", from: boss, to: ben })).state.assignee).toEqual(ben);
  });

  it("anyone may hand an unassigned conversation to a colleague", () => {
    expect(changed(run(state(), { type: "transfer", from: ben, to: ana })).state).toMatchObject({ status: "live", assignee: ana, cursor: ENDED });
  });

  it("refuses a transfer by another agent, naming the assignee", () => {
    expect(refusal(run(live(), { type: "transfer", from: ben, to: ben }))).toMatchObject({ code: "already_taken", assignee: ana });
  });

  it("refuses a transfer of a closed conversation", () => {
    expect(refusal(run(live({ status: "closed" }), { type: "transfer", from: ana, to: ben })).code).toBe("conversation_closed");
  });
});

describe("closing", () => {
  it("the assignee closes it: closed now, the bot stopped, the notice says by whom", () => {
    const out = changed(run(live(), { type: "close", by: ana }));
    expect(out.state).toMatchObject({ status: "closed", closedAt: NOW, cursor: ENDED });
    expect(out.notices).toEqual([{ code: "closed", by: "Ana" }]);
  });

  it("closing a pending request clears its deadline", () => {
    expect(changed(run(requested(), { type: "close", by: ben })).state).toMatchObject({ status: "closed", requestDeadline: null });
  });

  it("an admin may close a colleague's conversation", () => {
    expect(changed(run(live(), { type: "close", by: boss })).state.status).toBe("closed");
  });

  it("refuses a close by another agent, naming the assignee", () => {
    expect(refusal(run(live(), { type: "close", by: ben }))).toMatchObject({ code: "already_taken", assignee: ana });
  });

  it("closing a closed conversation changes nothing", () => {
    const s = live({ status: "closed", closedAt: NOW - 10 });
    expect(run(s, { type: "close", by: ben })).toEqual({ ok: true, state: s, notices: [], effects: [] });
  });

  it("the flow's End step closes the conversation with no one named", () => {
    const out = changed(run(state(), { type: "flowEnd" }));
    expect(out.state).toMatchObject({ status: "closed", closedAt: NOW, cursor: ENDED });
    expect(out.notices).toEqual([{ code: "closed", by: null }]);
  });

  it("the flow ending on a closed conversation changes nothing", () => {
    const s = state({ status: "closed" });
    expect(changed(run(s, { type: "flowEnd" })).state).toBe(s);
  });
});

describe("requests", () => {
  it("a request from the bot waits for an agent until its step's timeout, and asks to be woken then", () => {
    const out = changed(run(state(), { type: "request", kind: "live" }));
    expect(out.state).toMatchObject({ status: "requested", requestKind: "live", requestedAt: NOW, requestDeadline: NOW + 30_000, requestStepId: "human", cursor: waitingCursor });
    expect(out.notices).toEqual([{ code: "requested", kind: "live" }]);
    expect(out.effects).toEqual([{ type: "wakeAt", at: NOW + 30_000 }]);
  });

  it("a visitor on the offline form may ask again", () => {
    const out = changed(run(state({ status: "offline_form", requestKind: "live", requestStepId: "human" }), { type: "request", kind: "video" }));
    expect(out.state).toMatchObject({ status: "requested", requestKind: "video" });
  });

  it("when the step sends visitors to the offline form with nobody online, the machine first asks who is online", () => {
    const facts = { liveChatStep: step({ whenNobodyOnline: "offline_form" }) };
    expect(run(state(), { type: "request", kind: "live" }, { ...facts, onlineAgents: undefined })).toEqual({ ok: false, needs: "onlineAgents" });
    expect(changed(run(state(), { type: "request", kind: "live" }, { ...facts, onlineAgents: 2 })).state.status).toBe("requested");
  });

  it("with nobody online, the request turns into the offline form at once, with both notices and no deadline", () => {
    const out = changed(run(state(), { type: "request", kind: "live" }, { liveChatStep: step({ whenNobodyOnline: "offline_form" }), onlineAgents: 0 }));
    expect(out.state).toMatchObject({ status: "offline_form", requestKind: "live", requestedAt: NOW, requestDeadline: null, requestStepId: "human" });
    expect(out.notices).toEqual([{ code: "requested", kind: "live" }, { code: "nobody_online" }]);
    expect(out.effects).toEqual([]);
  });

  it("with nobody online and the offline form off, the visitor is back with the bot", () => {
    const off = step({ whenNobodyOnline: "offline_form", offlineForm: { ...step().offlineForm, enabled: false } });
    expect(changed(run(state(), { type: "request", kind: "live" }, { liveChatStep: off, onlineAgents: 0 })).state.status).toBe("bot");
  });

  it("refuses a request while one is pending, an agent is here, or the conversation is closed", () => {
    for (const s of [requested(), live(), state({ status: "closed" })]) {
      expect(refusal(run(s, { type: "request", kind: "live" })).code).toBe("request_not_allowed");
    }
  });

  it("refuses a request the flow does not offer here, or of a kind the step does not offer", () => {
    expect(refusal(run(state(), { type: "request", kind: "live" }, { liveChatStep: null })).code).toBe("request_unavailable");
    expect(refusal(run(state(), { type: "request", kind: "video" }, { liveChatStep: step({ offer: "live" }) })).code).toBe("request_unavailable");
  });

  it("refuses a request when another was decided while it gathered its facts", () => {
    expect(refusal(run(state({ status: "offline_form" }), { type: "request", kind: "live" }, { requestDecidedMeanwhile: true, onlineAgents: 0 })).code).toBe("request_not_allowed");
  });
});

describe("request timeout", () => {
  it("a request still pending at its deadline turns into the offline form", () => {
    const out = changed(run(requested(), { type: "requestTimeout" }, {}, NOW + 25_000));
    expect(out.state).toMatchObject({ status: "offline_form", requestDeadline: null, requestKind: "live" });
    expect(out.notices).toEqual([{ code: "request_timeout" }]);
  });

  it("with the request's offline form off, the visitor is back with the bot", () => {
    const off = step({ offlineForm: { ...step().offlineForm, enabled: false } });
    expect(changed(run(requested(), { type: "requestTimeout" }, { requestedStep: off }, NOW + 25_000)).state.status).toBe("bot");
  });

  it("an alarm before the deadline, or with no request pending, changes nothing", () => {
    for (const s of [requested(), live(), state()]) expect(changed(run(s, { type: "requestTimeout" })).state).toBe(s);
  });
});

describe("who may write", () => {
  it("the visitor and the assignee may write; another agent may not, nor anyone once closed", () => {
    expect(writeRefusal(state(), { role: "visitor", id: "v" })).toBeNull();
    expect(writeRefusal(live(), { role: "agent", id: ana.id })).toBeNull();
    expect(writeRefusal(live(), { role: "agent", id: ben.id })).toMatchObject({ code: "not_assignee", message: "Ana is handling this conversation." });
    expect(writeRefusal(state(), { role: "agent", id: ben.id })?.code).toBe("not_assignee");
    expect(writeRefusal(live({ status: "closed" }), { role: "visitor", id: "v" })?.code).toBe("conversation_closed");
  });
});
