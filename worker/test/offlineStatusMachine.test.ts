// The offline form as an event of the status machine, without a Durable Object: one test per
// transition and per refusal, and the field checks (offline/form.ts) it runs, each field alone.
import { describe, expect, it } from "vitest";
import { LiveChatStepSchema, type LiveChatStep, type OfflineFormConfig } from "@raibu/protocol/flow";
import { newState, viewOf } from "../src/conversation/state";
import { decide, type Outcome, type StatusFacts, type StatusState } from "../src/conversation/statusMachine";
import { checkSubmission, fieldMessages } from "../src/offline/form";
import { FlowRunner } from "../src/lib/flowRunner";

const NOW = 2_000_000;
const step = (over: Partial<LiveChatStep> = {}): LiveChatStep => LiveChatStepSchema.parse({ id: "human", kind: "live_chat", ...over });
const init = {
  id: "c1",
  workspaceId: "w1",
  interfaceId: "i1",
  interfaceName: "Site",
  visitorId: "v1",
  visitorName: "Visitor #1",
  language: "en" as const,
  signingKey: "k",
  appOrigin: "https://raibu.example",
  flowVersion: null,
};
const base = newState(init, NOW - 60_000);
const onForm = (over: Partial<StatusState> = {}): StatusState => ({ ...base, status: "offline_form", requestKind: "live", requestedAt: NOW - 30_000, requestStepId: "human", ...over });
const submission = { id: "sub-00001", name: "Zoé", email: "Zoe@Example.test", phone: "", message: "Call me back" };
const thread = { id: "thread-1" };

function run(s: StatusState, raw: unknown, facts: Partial<StatusFacts> = {}): Outcome<StatusState> {
  const before = structuredClone(s);
  const outcome = decide(s, { type: "offlineSubmit", submission: raw }, NOW, { liveChatStep: null, requestedStep: step(), ...facts });
  expect(s).toEqual(before);
  return outcome;
}

function refusal(outcome: Outcome<StatusState>) {
  if (outcome.ok || !("refusal" in outcome)) throw new Error(`expected a refusal, got ${JSON.stringify(outcome)}`);
  return outcome.refusal;
}

function changed(outcome: Outcome<StatusState>) {
  if (!outcome.ok) throw new Error(`expected a transition, got ${JSON.stringify(outcome)}`);
  return outcome;
}

describe("sending the offline form", () => {
  it("a valid submission on the form first asks for its thread, handing over the submission as checked (email lowercased)", () => {
    expect(run(onForm(), submission)).toEqual({
      ok: false,
      needs: "offlineThread",
      submission: { id: "sub-00001", name: "Zoé", email: "zoe@example.test", phone: "", message: "Call me back" },
    });
  });

  it("with its thread written, the submission is recorded with the notice, and the visitor's fields go to their record", () => {
    const out = changed(run(onForm(), submission, { offlineThread: thread }));
    expect(out.state).toMatchObject({ status: "offline_form", offlineSubmission: { id: "sub-00001", threadId: "thread-1", submittedAt: NOW } });
    expect(out.notices).toEqual([{ code: "offline_form_sent" }]);
    expect(out.effects).toEqual([{ type: "visitorFields", fields: { name: "Zoé", email: "zoe@example.test" } }]);
  });

  it("the same submission sent again changes nothing (the shell answers the recorded thread)", () => {
    const s = onForm({ offlineSubmission: { id: "sub-00001", threadId: "thread-1", submittedAt: NOW - 5 } });
    expect(changed(run(s, submission)).state).toBe(s);
    expect(changed(run(s, submission, { offlineThread: thread })).state).toBe(s);
  });

  it("another submission after one was recorded is refused as not_offline", () => {
    const s = onForm({ offlineSubmission: { id: "sub-00001", threadId: "thread-1", submittedAt: NOW - 5 } });
    expect(refusal(run(s, { ...submission, id: "sub-00002" })).code).toBe("not_offline");
  });

  it("refuses the form while the bot talks, a request waits, an agent is here, or the conversation is closed", () => {
    for (const status of ["bot", "requested", "live", "closed"] as const) {
      expect(refusal(run(onForm({ status }), submission)).code).toBe("not_offline");
    }
  });

  it("refuses the form when the request's step has its form off, or there is no such step", () => {
    expect(refusal(run(onForm(), submission, { requestedStep: step({ offlineForm: { ...step().offlineForm, enabled: false } }) })).code).toBe("not_offline");
    expect(refusal(run(onForm(), submission, { requestedStep: null })).code).toBe("not_offline");
  });

  it("a thread written while an agent took the conversation over is still recorded: the visitor's message is in the inbox", () => {
    const out = changed(run(onForm({ status: "live" }), submission, { offlineThread: thread }));
    expect(out.state).toMatchObject({ status: "live", offlineSubmission: { threadId: "thread-1" } });
  });

  it("an invalid submission is refused with what is wrong with each field, before any thread is asked for", () => {
    const r = refusal(run(onForm(), { id: "sub-00001", email: "nope", message: "" }));
    expect(r).toMatchObject({ code: "invalid_form", fields: { email: "invalid", message: "required" } });
  });
});

describe("the form's fields", () => {
  const form = (fields: Partial<OfflineFormConfig["fields"]> = {}): OfflineFormConfig => ({ enabled: true, fields: { ...step().offlineForm.fields, ...fields } });
  const problems = (raw: unknown, config = form()) => {
    const check = checkSubmission(raw, config);
    return check.ok ? {} : check.problems;
  };

  it("email is always required, even on a form whose step would not ask it", () => {
    expect(problems({ id: "sub-00001", message: "Hi" })).toEqual({ email: "required" });
    expect(problems({ id: "sub-00001", email: "  ", message: "Hi" })).toEqual({ email: "required" });
    expect(problems({ id: "sub-00001", message: "Hi" }, form({ email: { ask: false, required: false } }))).toEqual({ email: "required" });
  });

  it("an email that is not one is invalid", () => {
    expect(problems({ id: "sub-00001", email: "zoe@", message: "Hi" })).toEqual({ email: "invalid" });
  });

  it("the name is optional by default, required when the step says so, and at most 80 characters", () => {
    expect(problems({ id: "sub-00001", email: "a@b.test", message: "Hi" })).toEqual({});
    expect(problems({ id: "sub-00001", email: "a@b.test", message: "Hi" }, form({ name: { ask: true, required: true } }))).toEqual({ name: "required" });
    expect(problems({ id: "sub-00001", email: "a@b.test", message: "Hi", name: "n".repeat(81) })).toEqual({ name: "too_long" });
  });

  it("the phone is checked when the step asks it, and required only when the step asks it as required", () => {
    expect(problems({ id: "sub-00001", email: "a@b.test", message: "Hi", phone: "call me" }, form({ phone: { ask: true, required: false } }))).toEqual({ phone: "invalid" });
    expect(problems({ id: "sub-00001", email: "a@b.test", message: "Hi", phone: "call me" })).toEqual({});
    expect(problems({ id: "sub-00001", email: "a@b.test", message: "Hi" }, form({ phone: { ask: true, required: true } }))).toEqual({ phone: "required" });
    expect(problems({ id: "sub-00001", email: "a@b.test", message: "Hi" }, form({ phone: { ask: false, required: true } }))).toEqual({});
  });

  it("the message is required by default, optional when the step says so, and at most 5,000 characters", () => {
    expect(problems({ id: "sub-00001", email: "a@b.test" })).toEqual({ message: "required" });
    expect(problems({ id: "sub-00001", email: "a@b.test" }, form({ message: { ask: true, required: false } }))).toEqual({});
    expect(problems({ id: "sub-00001", email: "a@b.test", message: "m".repeat(5001) })).toEqual({ message: "too_long" });
  });

  it("a submission without a usable id is refused on its id", () => {
    expect(problems({ email: "a@b.test", message: "Hi" })).toEqual({ id: "required" });
    expect(problems({ id: "x", email: "a@b.test", message: "Hi" })).toEqual({ id: "invalid" });
  });

  it("a field the step does not ask is dropped, whatever was sent in it", () => {
    const check = checkSubmission({ id: "sub-00001", email: "a@b.test", message: "Hi", phone: "+33 1 23 45 67 89" }, form());
    expect(check).toEqual({ ok: true, submission: { id: "sub-00001", email: "a@b.test", name: "", phone: "", message: "Hi" } });
  });

  it("each problem is worded in the conversation's language", () => {
    expect(fieldMessages({ email: "required", name: "too_long" }, "en")).toEqual({ email: "Please fill this in.", name: "At most 80 characters." });
    expect(fieldMessages({ email: "invalid", phone: "invalid" }, "fr")).toEqual({
      email: "Saisissez une adresse e-mail valide.",
      phone: "Saisissez un numéro de téléphone (chiffres, espaces, + ( ) . -).",
    });
  });
});

describe("the form in the conversation's view", () => {
  const flow = { start: "human", offerRequestsAnytime: true, steps: [step()] };
  const runner = new FlowRunner(flow as never, "en", () => false);
  const known = { ...onForm(), known: { name: "Zoé", email: "zoe@example.test", phone: null } };

  it("the visitor's own view on the form carries what is known of them to fill it in; the agents' view does not", () => {
    expect(viewOf(known as never, "visitor", 3, runner).offlinePrefill).toEqual({ name: "Zoé", email: "zoe@example.test", phone: "" });
    expect(viewOf(known as never, "agent", 3, runner).offlinePrefill).toBeUndefined();
    expect(viewOf({ ...known, status: "bot" } as never, "visitor", 3, runner).offlinePrefill).toBeUndefined();
  });

  it("once sent, every view says which thread it made; the visitor's still knows their address, for the confirmation", () => {
    const sent = { ...known, offlineSubmission: { id: "sub-00001", threadId: "thread-1", submittedAt: NOW } };
    for (const role of ["visitor", "agent"] as const) expect(viewOf(sent as never, role, 3, runner).offlineSubmitted).toEqual({ threadId: "thread-1", submittedAt: NOW });
    expect(viewOf(sent as never, "visitor", 3, runner).offlinePrefill?.email).toBe("zoe@example.test");
    expect(viewOf(known as never, "visitor", 3, runner).offlineSubmitted).toBeNull();
  });
});
