// Who may assign, take over, close or transfer a conversation, by the server's rule
// (conversation/statusMachine.ts), the words for a refused action, and when such words are stale.
// The lost race's winner comes from the error's `assignee` field, never from its English message.
// No I/O here, so the rules are tested alone.
import type { ConversationView } from "@raibu/protocol/realtime";
import { ApiError, type Role } from "./api";
import { errorText } from "./errorText";
import type { Translate } from "./i18n";

/** Close and transfer: the assignee or an admin (or the owner); anyone while nobody is assigned. */
export function mayHandle(view: Pick<ConversationView, "status" | "assignee">, me: { id: string; role: Role }): boolean {
  if (view.status === "closed") return false;
  return !view.assignee || view.assignee.id === me.id || me.role === "owner" || me.role === "admin";
}

/**
 * What « Assign to me » can do here: "assign" while nobody has it (on a pending request it
 * accepts), "takeOver" for an admin on a colleague's conversation (asked to confirm; the colleague
 * is told), nothing otherwise: a button that can only be refused is not offered.
 */
export function assignOffer(view: Pick<ConversationView, "status" | "assignee">, me: { id: string; role: Role }): "assign" | "takeOver" | null {
  if (view.status === "closed" || view.assignee?.id === me.id) return null;
  if (!view.assignee) return "assign";
  return me.role === "owner" || me.role === "admin" ? "takeOver" : null;
}

/** Who holds the conversation, as one comparable value: "closed", an agent's id, or "" for nobody. */
export function situationOf(view: Pick<ConversationView, "status" | "assignee">): string {
  return view.status === "closed" ? "closed" : (view.assignee?.id ?? "");
}

/**
 * A refused action's message and the situation it is about: a lost race is about the winner
 * holding the conversation; any other refusal about the situation when it came.
 */
export interface ShownRefusal {
  text: string;
  /** The situation the words describe. */
  about: string;
  /** The situation on screen when the refusal came (the socket may not have caught up yet). */
  seen: string;
  /** The screen has shown `about` since. */
  reached: boolean;
}

export function shownRefusal(err: unknown, t: Translate, onScreen: string): ShownRefusal {
  const winner = winnerOf(err);
  const about = winner ? winner.id : onScreen;
  return { text: actionErrorText(err, t), about, seen: onScreen, reached: about === onScreen };
}

/**
 * The refusal as the situation moves on: kept while the screen catches up with what it describes,
 * dropped (null) once the conversation is held by someone else, closed, or free again.
 */
export function followSituation(shown: ShownRefusal, now: string): ShownRefusal | null {
  if (now === shown.about) return shown.reached ? shown : { ...shown, reached: true };
  if (!shown.reached && now === shown.seen) return shown;
  return null;
}

/** The agent who won a lost race, as the `already_taken` error names them. */
export function winnerOf(err: unknown): { id: string; name: string } | null {
  if (!(err instanceof ApiError) || err.code !== "already_taken") return null;
  const assignee = err.facts.assignee as { id?: unknown; name?: unknown } | null | undefined;
  return typeof assignee?.id === "string" && typeof assignee.name === "string" ? { id: assignee.id, name: assignee.name } : null;
}

/** The loser of a race is told who won, in the agent's language. */
export function actionErrorText(err: unknown, t: Translate): string {
  const winner = winnerOf(err);
  if (winner) return t("live.alreadyTaken", { name: winner.name });
  if (err instanceof ApiError && err.code === "already_taken") return t("live.alreadyTakenByColleague");
  return errorText(err, t);
}
