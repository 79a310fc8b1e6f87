// Who may close or transfer a conversation, by the server's rule (routes/conversations.ts), and
// the words for a refused action. The lost race's winner comes from the error's `assignee`
// field, never from its English message. No I/O here, so the rules are tested alone.
import type { ConversationView } from "@raibu/protocol/realtime";
import { ApiError, type Role } from "./api";
import { errorText } from "./errorText";
import type { Translate } from "./i18n";

/** Close and transfer: the assignee or an admin (or the owner); anyone while nobody is assigned. */
export function mayHandle(view: Pick<ConversationView, "status" | "assignee">, me: { id: string; role: Role }): boolean {
  if (view.status === "closed") return false;
  return !view.assignee || view.assignee.id === me.id || me.role === "owner" || me.role === "admin";
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
