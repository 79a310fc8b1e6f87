// The conversation's state row: what it is made of, how a new one starts, how an old one is read
// back, and the view each participant is sent. Stored as one JSON value in the object's SQLite.
import type { Flow, LiveChatStep } from "@raibu/protocol/flow";
import type { Lang } from "@raibu/protocol/lang";
import type { ConversationRating, ConversationView, PageInfo, VisitorFacts } from "@raibu/protocol/realtime";
import { assertNever } from "@raibu/protocol/realtime";
import { ENDED, type FlowResult, type FlowRunner, type VisitorField } from "../lib/flowRunner";
import type { StatusState } from "./statusMachine";

export interface ConversationInit {
  id: string;
  workspaceId: string;
  interfaceId: string;
  interfaceName: string;
  /** How the bot signs its messages: the widget's title, else the interface's name. */
  botName?: string;
  visitorId: string;
  visitorName: string;
  language: Lang;
  signingKey: string;
  appOrigin: string;
  /** The published flow (or the default one) this conversation keeps until it ends. */
  flow: Flow;
  flowVersion: number | null;
  /** What the visitor's record already holds (an earlier conversation, the website's identity): the flow does not ask it again. */
  known?: Partial<KnownVisitor>;
}

/** The visitor's own name, email and phone as their record holds them; null when unknown. */
export type KnownVisitor = Record<VisitorField, string | null>;
const NOTHING_KNOWN: KnownVisitor = { name: null, email: null, phone: null };

/** What the bot's questions collected, waiting to be copied to the visitor's D1 row. */
export interface CollectedFields {
  name?: string;
  email?: string;
  phone?: string;
  custom: Record<string, string>;
  /** Bumped on every answer; copied to D1 up to `syncedVersion`. */
  version: number;
  syncedVersion: number;
}

/** The state row; the flow is stored beside it (it never changes, and state rows are written often). */
export interface ConversationState extends Omit<ConversationInit, "flow">, StatusState {
  visitorReadSeq: number;
  agentReadSeq: number;
  page: PageInfo | null;
  botReplied: boolean;
  fields: CollectedFields;
  createdAt: number;
  /** Bumped on every state change. With the last seq it orders the copies in D1 and the lobby. */
  version: number;
  /** The change key (version + last seq) last copied to D1, and when. */
  d1Key: number;
  d1SyncedAt: number;
  /** Messages up to this seq are copied to D1's search index. */
  indexedSeq: number;
  /** The visitor's name, email and phone as known now (their record at the start, then each answer and update). */
  known: KnownVisitor;
  /** The visitor's rating once closed (../conversation/rating.ts decides). */
  rating: ConversationRating | null;
  /** The appointment the visitor booked from here, as it stands (null once cancelled), for their view. */
  appointment?: ConversationView["appointment"];
}

export type Role = "visitor" | "agent";

export function newState(init: Omit<ConversationInit, "flow">, now: number): ConversationState {
  return {
    ...init,
    status: "bot",
    requestKind: null,
    requestedAt: null,
    requestDeadline: null,
    requestStepId: null,
    assignee: null,
    call: null,
    startedAt: null,
    closedAt: null,
    cursor: ENDED,
    visitorReadSeq: 0,
    agentReadSeq: 0,
    page: null,
    botReplied: false,
    fields: { custom: {}, version: 0, syncedVersion: 0 },
    createdAt: now,
    version: 1,
    d1Key: 0,
    d1SyncedAt: 0,
    indexedSeq: 0,
    rating: null,
    known: { ...NOTHING_KNOWN, ...init.known },
    offlineSubmission: null,
  };
}

/** A state stored before flows existed runs the default flow's request options, its bot done. */
export function withFlowDefaults(state: ConversationState): ConversationState {
  return {
    ...state,
    flowVersion: state.flowVersion ?? null,
    cursor: state.cursor ?? ENDED,
    requestStepId: state.requestStepId ?? null,
    fields: state.fields ?? { custom: {}, version: 0, syncedVersion: 0 },
    rating: state.rating ?? null,
    known: state.known ?? NOTHING_KNOWN,
    offlineSubmission: state.offlineSubmission ?? null,
  };
}

/** The visitor's name, email or phone as known now: their record's, or the bot's answer since. */
export function knownValue(s: ConversationState, field: VisitorField): string | null {
  return s.known[field] ?? null;
}

function prefill(s: ConversationState) {
  return { name: knownValue(s, "name") ?? "", email: knownValue(s, "email") ?? "", phone: knownValue(s, "phone") ?? "" };
}

/**
 * The visitor's own words in the offline form reach their record, as the bot's answers do: known
 * at once, copied to D1 with the next copy. A name replaces the one they go by.
 */
export function takeVisitorFields(s: ConversationState, fields: { name?: string; email?: string; phone?: string }) {
  for (const field of ["name", "email", "phone"] as const) {
    const value = fields[field];
    if (!value || s.known[field] === value) continue;
    s.fields[field] = value;
    s.known[field] = value;
    s.fields.version += 1;
    if (field === "name") s.visitorName = value;
  }
}

/** What agents see of the visitor in the conversation's view. */
export function visitorFacts(s: ConversationState): VisitorFacts {
  return { name: knownValue(s, "name"), email: knownValue(s, "email"), phone: knownValue(s, "phone"), custom: s.fields.custom };
}

/** The step of the pending or timed-out request, for its waiting text and offline form. */
export function requestedStep(state: ConversationState, runner: FlowRunner): LiveChatStep | null {
  const step = runner.step(state.requestStepId);
  return step?.kind === "live_chat" ? step : null;
}

/** What a participant may know of the conversation. */
export function viewOf(s: ConversationState, role: Role, lastSeq: number, runner: FlowRunner): ConversationView {
  const requested = requestedStep(s, runner);
  return {
    id: s.id,
    status: s.status,
    requestKind: s.requestKind,
    requestedAt: s.requestedAt,
    requestDeadline: s.requestDeadline,
    assignee: s.assignee,
    lastSeq,
    visitorReadSeq: s.visitorReadSeq,
    agentReadSeq: s.agentReadSeq,
    page: s.page,
    // Agents see both links (to give the visitor theirs again); the visitor only their own.
    call: s.call ? { callId: s.call.callId, url: s.call.visitorUrl, ...(role === "agent" ? { agentUrl: s.call.agentUrl } : {}) } : null,
    prompt: s.status === "bot" ? runner.prompt(s.cursor) : null,
    requestOffer: s.status === "bot" ? (runner.liveChatStep(s.cursor)?.offer ?? null) : null,
    waitingText: requested?.waitingText ?? "",
    offlineForm: s.status === "offline_form" ? (requested?.offlineForm ?? null) : null,
    offlineSubmitted: s.offlineSubmission ? { threadId: s.offlineSubmission.threadId, submittedAt: s.offlineSubmission.submittedAt } : null,
    // Only the visitor's own view fills their form in with what is known of them (once sent, the
    // confirmation shows the address they gave: the form's fields are known by then); the
    // Appointment step's booking form too.
    ...(role === "visitor" && (s.status === "offline_form" || (s.status === "bot" && runner.prompt(s.cursor)?.kind === "appointment")) ? { offlinePrefill: prefill(s) } : {}),
    ...(s.status === "requested" && s.requestUnattended ? { unattended: true } : {}),
    // The visitor's own booking and call link, so the widget confirms it again after a reload.
    ...(role === "visitor" ? { appointment: s.appointment ?? null } : {}),
    flowVersion: s.flowVersion,
    rating: s.rating,
    ...(role === "agent" ? { visitor: visitorFacts(s) } : {}),
  };
}

/** What the bot shows while its flow runs, in order (`kept`: a visitor's message was not taken as their name). */
export type BotOutput = { type: "say"; text: string } | { type: "typing" } | { type: "kept" };

/**
 * Writes what the flow did into the state (its cursor, the answers it saved, the visitor's name)
 * and returns what the bot says and shows, in order, and whether the flow reached an End step.
 */
export function takeFlowResult(s: ConversationState, { cursor, effects }: FlowResult): { shown: BotOutput[]; ended: boolean } {
  const shown: BotOutput[] = [];
  let ended = false;
  for (const effect of effects) {
    switch (effect.type) {
      case "say":
        shown.push({ type: "say", text: effect.text });
        break;
      case "typing":
        shown.push({ type: "typing" });
        break;
      case "save":
        s.fields[effect.field] = effect.value;
        s.fields.version += 1;
        s.known[effect.field] = effect.value;
        if (effect.field === "name") s.visitorName = effect.value;
        break;
      case "saveCustom":
        s.fields.custom[effect.key] = effect.value;
        s.fields.version += 1;
        break;
      case "keptAsMessage":
        shown.push({ type: "kept" });
        break;
      case "end":
        ended = true;
        break;
      default:
        assertNever(effect);
    }
  }
  s.cursor = cursor;
  return { shown, ended };
}
