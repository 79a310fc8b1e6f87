// The conversation's status machine, pure: (state, event, now, facts) → { state, notices, effects }.
// bot → requested → live → closed, with offline_form when a request goes unanswered. The Durable
// Object gathers the facts that need an await (agents online, call links) before it runs the
// machine, then writes what it returns with no await in between: no transition acts on a stale read.
import type { OpenNow } from "@raibu/protocol/businessHours";
import type { LiveChatStep } from "@raibu/protocol/flow";
import { assertNever, type CallLinks, type ConversationStatus, type RequestKind, type SystemNotice } from "@raibu/protocol/realtime";
import { ENDED, type FlowCursor } from "../lib/flowRunner";
import type { OfflineSubmission } from "@raibu/protocol/offline";
import type { RESPONSE_KINDS } from "@raibu/protocol/metrics";
import { checkSubmission, type FormProblems } from "../offline/form";

type ResponseKind = (typeof RESPONSE_KINDS)[number];

export interface Person {
  id: string;
  name: string;
}

/** An agent acting through the API; admins (and owners) may close or transfer a colleague's conversation. */
export interface Actor extends Person {
  admin?: boolean;
}

/** The part of the conversation's state the machine reads and writes. */
export interface StatusState {
  status: ConversationStatus;
  requestKind: RequestKind | null;
  requestedAt: number | null;
  requestDeadline: number | null;
  /** The Live chat step the pending (or timed-out) request follows. */
  requestStepId: string | null;
  assignee: Person | null;
  call: CallLinks | null;
  startedAt: number | null;
  closedAt: number | null;
  /** Where the bot flow stands: a person taking over, or the end, stops it for good. */
  cursor: FlowCursor;
  /**
   * The pending request waits though nobody was available when it came (its step says to wait
   * anyway): the visitor is told that, not promised someone. Absent in states stored before.
   */
  requestUnattended?: boolean;
  /** The offline form once sent: the submission's id and the inbox thread it made. Absent in states stored before. */
  offlineSubmission?: OfflineSubmissionRecord | null;
  /**
   * The dashboard's response events not yet in D1: written with the transition that made them (the
   * chat's start), copied by the outbox with its D1 copy and forgotten once that landed. Absent in
   * states stored before.
   */
  pendingMetrics?: PendingResponse[];
}

/** A live chat started (`at` is its `startedAt`): an agent took it from the bot, or accepted a live or video request. */
export interface PendingResponse {
  kind: ResponseKind;
  at: number;
}

export interface OfflineSubmissionRecord {
  id: string;
  threadId: string;
  submittedAt: number;
}

export type StatusEvent =
  /**
   * « Assign to me »: any time before the conversation closes; on a pending request it is Accept.
   * An admin takes a colleague's conversation over only by naming that colleague (`takeOverFrom`,
   * confirmed on their screen): an admin who merely lost a race is refused like anyone else.
   */
  | { type: "assign"; agent: Actor; takeOverFrom?: string }
  /** Accepts the pending live or video request. */
  | { type: "accept"; agent: Actor }
  /** The assignee (anyone while unassigned, or an admin) hands the conversation to a colleague. */
  | { type: "transfer"; from: Actor; to: Person }
  /** The assignee (anyone while unassigned, or an admin) closes it. */
  | { type: "close"; by: Actor }
  /** The bot flow reached an End step. */
  | { type: "flowEnd" }
  /** The visitor asks for a live or video chat. */
  | { type: "request"; kind: RequestKind }
  /** The alarm: the request's deadline may have passed. */
  | { type: "requestTimeout" }
  /** The visitor sends the offline form, as they sent it (the machine checks it against the step's fields). */
  | { type: "offlineSubmit"; submission: unknown };

/** What the machine cannot know by itself. The synchronous facts always come; the others when it asked for them. */
export interface StatusFacts {
  /** The Live chat step a request would follow now (from the flow, at the cursor); null when none is offered. */
  liveChatStep: LiveChatStep | null;
  /** The step of the pending or timed-out request (`requestStepId`), for its offline form. */
  requestedStep: LiveChatStep | null;
  /** Agents online in the workspace (availability online, console connected), asked of the lobby for every request. */
  onlineAgents?: number;
  /** Whether the interface's business hours have the team at work now, asked for every request. */
  hours?: OpenNow;
  /** Links made ahead for the call a video request's acceptance starts. */
  call?: CallLinks;
  /** Another request frame was decided while this one gathered its facts. */
  requestDecidedMeanwhile?: boolean;
  /** The inbox thread the offline form's submission made (or had made) in D1. */
  offlineThread?: { id: string };
}

/** Effects for the shell to carry out after writing the state. */
export type StatusEffect =
  | { type: "wakeAt"; at: number }
  /** What the visitor wrote in the offline form goes to their record, as the bot's answers do (empty fields left out). */
  | { type: "visitorFields"; fields: { name?: string; email?: string; phone?: string } };

/** A refusal names its code and its facts; `message` is for developers, front ends word it from the code. */
export interface Refusal {
  code: "conversation_closed" | "already_taken" | "no_request" | "request_not_allowed" | "request_unavailable" | "not_assignee" | "not_offline" | "invalid_form";
  message: string;
  assignee?: Person;
  /** `invalid_form`: what is wrong with each field. */
  fields?: FormProblems;
}

export type Outcome<S extends StatusState> =
  /** `state` is the input itself when there was nothing to do (already so). */
  | { ok: true; state: S; notices: SystemNotice[]; effects: StatusEffect[] }
  | { ok: false; refusal: Refusal }
  /** The transition depends on a fact that needs an await: gather it, then run the machine again. */
  | { ok: false; needs: NeededFact; submission?: OfflineSubmission };

/** The facts that take an await to know (conversation/facts.ts gathers them; the offline thread, the object's submission). */
export type NeededFact = "call" | "onlineAgents" | "hours" | "offlineThread";

export function decide<S extends StatusState>(state: S, event: StatusEvent, now: number, facts: StatusFacts): Outcome<S> {
  switch (event.type) {
    case "assign":
      return take(state, event.agent, "assign", now, facts, event.takeOverFrom);
    case "accept":
      return take(state, event.agent, "accept", now, facts);
    case "transfer":
      if (state.status === "closed") return refuse(closedRefusal);
      if (state.assignee && state.assignee.id !== event.from.id && !event.from.admin) return refuse(taken(state.assignee));
      return done(live(state, event.to, now), [{ code: "transferred", from: event.from.name, to: event.to.name }]);
    case "close":
      if (state.status === "closed") return unchanged(state);
      if (state.assignee && state.assignee.id !== event.by.id && !event.by.admin) return refuse(taken(state.assignee));
      return done(closed(state, now), [{ code: "closed", by: event.by.name }]);
    case "flowEnd":
      if (state.status === "closed") return unchanged(state);
      return done(closed(state, now), [{ code: "closed", by: null }]);
    case "request":
      return request(state, event.kind, now, facts);
    case "requestTimeout":
      if (state.status !== "requested" || state.requestDeadline === null || state.requestDeadline > now) return unchanged(state);
      return done(giveUp(state, facts.requestedStep), [{ code: "request_timeout" }]);
    case "offlineSubmit":
      return submitOffline(state, event.submission, now, facts);
    default:
      return assertNever(event);
  }
}

/** Whether someone may write a message now: null when they may. */
export function writeRefusal(state: StatusState, author: { role: "visitor" | "agent"; id: string }): Refusal | null {
  if (state.status === "closed") return { code: "conversation_closed", message: "This conversation is closed. Start a new one." };
  if (author.role === "agent" && state.assignee?.id !== author.id) {
    return { code: "not_assignee", message: state.assignee ? `${state.assignee.name} is handling this conversation.` : "Assign the conversation to yourself before writing." };
  }
  return null;
}

/**
 * Assign and Accept: exactly one agent wins; the others are told who. A video request's acceptance
 * stores its call. An admin's take-over succeeds only from the colleague it names, so one who saw
 * an older assignee is told who has it now instead of taking it from someone else.
 */
function take<S extends StatusState>(s: S, agent: Actor, how: "assign" | "accept", now: number, facts: StatusFacts, takeOverFrom?: string): Outcome<S> {
  if (how === "assign" && s.status === "closed") return refuse(closedRefusal);
  const takesOver = !!agent.admin && takeOverFrom !== undefined && s.assignee?.id === takeOverFrom;
  if (s.assignee && s.assignee.id !== agent.id && !takesOver) return refuse(taken(s.assignee));
  const mine = s.assignee?.id === agent.id;
  if (how === "accept" && s.status !== "requested") {
    return mine ? unchanged(s) : refuse({ code: "no_request", message: "This conversation has no pending request." });
  }
  if (mine && s.status === "live") return unchanged(s);
  const startsCall = s.status === "requested" && s.requestKind === "video" && !s.call;
  if (startsCall && !facts.call) return { ok: false, needs: "call" };
  const notice: SystemNotice = s.status === "requested" ? { code: "accepted", agent: agent.name, kind: s.requestKind ?? "live" } : { code: "takeover", agent: agent.name };
  const next = live(s, agent, now);
  return done(startsCall ? { ...next, call: facts.call! } : next, [notice]);
}

/**
 * From the bot or the offline form. Outside business hours the request gives up at once (the
 * step's offline form, or back to the bot), whatever the step says about waiting. Inside them,
 * with nobody available, it gives up too when the step sends visitors to the offline form, and
 * otherwise waits marked unattended, so nobody is promised to the visitor.
 */
function request<S extends StatusState>(s: S, kind: RequestKind, now: number, facts: StatusFacts): Outcome<S> {
  if (s.status !== "bot" && s.status !== "offline_form") return refuse(requestNotAllowed);
  const step = facts.liveChatStep;
  if (!step || (step.offer !== "both" && step.offer !== kind)) return refuse({ code: "request_unavailable", message: "This chat does not offer that." });
  if (facts.requestDecidedMeanwhile) return refuse(requestNotAllowed);
  if (facts.hours === undefined) return { ok: false, needs: "hours" };
  const requested: S = { ...s, requestKind: kind, requestedAt: now, requestStepId: step.id };
  const notice: SystemNotice = { code: "requested", kind };
  if (!facts.hours.open) return done(giveUp(requested, step), [notice, { code: "outside_hours", opensAt: facts.hours.opensAt }]);
  if (facts.onlineAgents === undefined) return { ok: false, needs: "onlineAgents" };
  const nobody = facts.onlineAgents === 0;
  if (nobody && step.whenNobodyOnline === "offline_form") return done(giveUp(requested, step), [notice, { code: "nobody_online" }]);
  const deadline = now + step.timeoutSeconds * 1000;
  const waiting: S = { ...requested, status: "requested", requestDeadline: deadline, requestUnattended: nobody };
  return done(waiting, nobody ? [notice, { code: "nobody_online" }] : [notice], [{ type: "wakeAt", at: deadline }]);
}

/**
 * The offline form, sent once per conversation: checked while the form shows, then written to D1
 * (the `offlineThread` fact, idempotent on the conversation), then recorded here with the notice.
 * The same submission sent again answers as the first did; another one after it is refused. Once
 * the thread exists it is recorded whatever changed meanwhile (an agent took over, say): the
 * visitor's message is in the inbox, and they are told so.
 */
function submitOffline<S extends StatusState>(s: S, raw: unknown, now: number, facts: StatusFacts): Outcome<S> {
  const sent = s.offlineSubmission;
  if (sent) return submissionId(raw) === sent.id ? unchanged(s) : refuse(notOffline);
  const form = facts.requestedStep?.offlineForm;
  if (!facts.offlineThread && (s.status !== "offline_form" || !form?.enabled)) return refuse(notOffline);
  const check = form ? checkSubmission(raw, form) : null;
  if (!check?.ok) return check ? refuse({ code: "invalid_form", message: "Some fields of the form need a change.", fields: check.problems }) : refuse(notOffline);
  // The shell writes the thread from the submission as checked here.
  if (!facts.offlineThread) return { ok: false, needs: "offlineThread", submission: check.submission };
  const { id, name, email, phone } = check.submission;
  const fields = { ...(name ? { name } : {}), email, ...(phone ? { phone } : {}) };
  return done({ ...s, offlineSubmission: { id, threadId: facts.offlineThread.id, submittedAt: now } }, [{ code: "offline_form_sent" }], [{ type: "visitorFields", fields }]);
}

function submissionId(raw: unknown): unknown {
  return typeof raw === "object" && raw !== null ? (raw as { id?: unknown }).id : undefined;
}

/**
 * Live with `agent`: the bot stops where it was, and stays stopped. The first time, the live chat
 * starts and counts as one response (by what it came from); a later assign or transfer hands the
 * same chat on and counts nothing.
 */
function live<S extends StatusState>(s: S, agent: Person, now: number): S {
  const next: S = { ...s, status: "live", assignee: { id: agent.id, name: agent.name }, requestDeadline: null, startedAt: s.startedAt ?? now, cursor: ENDED };
  if (s.startedAt != null) return next;
  return { ...next, pendingMetrics: [...(s.pendingMetrics ?? []), { kind: responseKind(s), at: now }] };
}

/** What a chat starting now counts as: an accepted request of its kind, else a takeover from the bot (or the offline form). */
function responseKind(s: StatusState): ResponseKind {
  if (s.status !== "requested") return "takeover";
  return s.requestKind === "video" ? "video_accepted" : "live_accepted";
}

function closed<S extends StatusState>(s: S, now: number): S {
  return { ...s, status: "closed", closedAt: now, requestDeadline: null, cursor: ENDED };
}

/** Nobody accepted in time, or nobody is online: the offline form when the step has it on, else back to the bot (who may be asked again). */
function giveUp<S extends StatusState>(s: S, step: LiveChatStep | null): S {
  return { ...s, status: step?.offlineForm.enabled === false ? "bot" : "offline_form", requestDeadline: null };
}

function done<S extends StatusState>(state: S, notices: SystemNotice[], effects: StatusEffect[] = []): Outcome<S> {
  return { ok: true, state, notices, effects };
}

function unchanged<S extends StatusState>(state: S): Outcome<S> {
  return { ok: true, state, notices: [], effects: [] };
}

function refuse(refusal: Refusal): { ok: false; refusal: Refusal } {
  return { ok: false, refusal };
}

const closedRefusal: Refusal = { code: "conversation_closed", message: "This conversation is closed." };
const notOffline: Refusal = { code: "not_offline", message: "This conversation is not showing the offline form." };
const requestNotAllowed: Refusal = { code: "request_not_allowed", message: "A request is already pending or an agent is here." };

/** The loser of a race (or anyone but the assignee) is told who has it, as a fact. */
function taken(assignee: Person): Refusal {
  return { code: "already_taken", message: `${assignee.name} already took this conversation.`, assignee: { id: assignee.id, name: assignee.name } };
}
