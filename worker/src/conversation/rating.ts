// The visitor's rating of a conversation, pure: who may rate, when, and what a second rating does.
// The first rating stands: the same one sent again (a retry after a lost answer) changes nothing,
// a different one is refused, so the number the dashboard counts is the one the visitor gave first.
import type { ConversationRating, ConversationStatus, ServerError } from "@raibu/protocol/realtime";

export type RatingOutcome =
  /** `rating` is the stored one when nothing changed (a retry). */
  | { ok: true; changed: boolean; rating: ConversationRating }
  | { ok: false; error: ServerError };

export function decideRating(
  state: { status: ConversationStatus; rating: ConversationRating | null },
  by: "visitor" | "agent",
  frame: { score: number; comment: string },
  now: number,
): RatingOutcome {
  if (by !== "visitor") return refuse("forbidden", "Only the visitor rates the conversation.");
  if (state.status !== "closed") return refuse("not_closed", "A conversation is rated once it has ended.");
  const held = state.rating;
  if (held) {
    if (held.score === frame.score && held.comment === frame.comment) return { ok: true, changed: false, rating: held };
    return refuse("already_rated", "This conversation is already rated.");
  }
  return { ok: true, changed: true, rating: { score: frame.score, comment: frame.comment, ratedAt: now } };
}

function refuse(code: string, message: string): RatingOutcome {
  return { ok: false, error: { type: "error", code, message } };
}
