// What in the lobby calls for the agent's attention, decided from two successive lobby states:
// a visitor writing in one of my conversations while I look elsewhere, a colleague handing me a
// conversation, a colleague (an admin) taking mine over; and the count in the tab's title.
// No I/O here, so the rules are tested alone; createAttention plays the sounds and shows them.
import type { LobbyConversation } from "@raibu/protocol/realtime";

export type AttentionEvent =
  /** The visitor wrote in a conversation assigned to me that I am not looking at. */
  | { kind: "message"; row: LobbyConversation }
  /** Someone else made me the assignee. */
  | { kind: "transfer"; row: LobbyConversation }
  /** Someone else took my conversation: `row.assignee` has it now. */
  | { kind: "takenOver"; row: LobbyConversation };

/** Where the agent's eyes are: the conversation open in this tab, and whether the tab is seen. */
export interface Watching {
  conversationId: string | null;
  pageVisible: boolean;
}

/**
 * The events between `before` and `after`. Nothing on the first state (a page load or a
 * reconnect's first snapshot is not news). `ownMoves`: conversations whose assignee this tab
 * itself changed (my assign, accept, transfer or take-over), which are not news either; any other
 * move to me is — a colleague's conversation or a free one handed to me.
 */
export function attentionEvents(
  before: readonly LobbyConversation[] | null,
  after: readonly LobbyConversation[],
  meId: string,
  watching: Watching,
  ownMoves: ReadonlySet<string> = new Set(),
): AttentionEvent[] {
  if (!before) return [];
  const previous = new Map(before.map((row) => [row.conversationId, row]));
  const events: AttentionEvent[] = [];
  for (const row of after) {
    const prev = previous.get(row.conversationId);
    if (!prev) continue;
    const wasMine = prev.assignee?.id === meId;
    const isMine = row.assignee?.id === meId;
    const seen = watching.pageVisible && watching.conversationId === row.conversationId;
    const moved = ownMoves.has(row.conversationId);
    if (isMine && !wasMine && !moved) {
      if (!seen) events.push({ kind: "transfer", row });
    } else if (wasMine && !isMine && row.assignee !== null && row.status !== "closed" && !moved) {
      events.push({ kind: "takenOver", row });
    } else if (isMine && wasMine && row.unread > prev.unread && !seen) {
      events.push({ kind: "message", row });
    }
  }
  return events;
}

/** How an event reaches the agent: a sound (unless switched off for its kind), a browser notification while the console is out of sight, a notice in the console. */
export interface Alert {
  sound: "message" | "transfer" | null;
  notification: boolean;
  notice: boolean;
}

export function alertFor(event: AttentionEvent, sounds: { message: boolean; transfer: boolean }, outOfSight: boolean): Alert {
  switch (event.kind) {
    case "message":
      return { sound: sounds.message ? "message" : null, notification: outOfSight, notice: false };
    case "transfer":
      return { sound: sounds.transfer ? "transfer" : null, notification: outOfSight, notice: true };
    case "takenOver":
      return { sound: null, notification: outOfSight, notice: true };
  }
}

/** The number in the tab's title: visitor messages nobody has read in my conversations, and requests waiting for anyone. */
export function titleCount(rows: readonly LobbyConversation[], meId: string): number {
  let count = 0;
  for (const row of rows) {
    if (row.assignee?.id === meId && row.status !== "closed") count += row.unread;
    if (row.status === "requested") count += 1;
  }
  return count;
}

/** "(3) Live conversations · Raibu": the count leads, so it shows in a narrow tab. */
export function withCount(title: string, count: number): string {
  return count > 0 ? `(${count}) ${title}` : title;
}

// This tab's own changes of assignee (my transfer, my take-over). Noted before the request goes
// out, since the lobby may report the change before the answer comes; forgotten once seen.
const ownMoves = new Set<string>();

export function noteOwnMove(conversationId: string) {
  ownMoves.add(conversationId);
}

export function forgetOwnMove(conversationId: string) {
  ownMoves.delete(conversationId);
}

export const tabOwnMoves: ReadonlySet<string> = ownMoves;
