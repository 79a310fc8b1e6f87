// What calls for the agent's attention between two lobby states, and the count in the tab's title.
import { describe, expect, it } from "vitest";
import type { LobbyConversation } from "@raibu/protocol/realtime";
import { alertFor, attentionEvents, titleCount, withCount } from "../src/lib/attention";

const me = { id: "u-me", name: "Me" };
const ana = { id: "u-ana", name: "Ana" };

function row(id: string, over: Partial<LobbyConversation> = {}): LobbyConversation {
  return {
    conversationId: id,
    visitorId: `v-${id}`,
    visitorName: `Visitor ${id}`,
    interfaceId: "i1",
    interfaceName: "Site",
    status: "live",
    requestKind: null,
    requestedAt: null,
    assignee: me,
    page: null,
    visitorOnline: true,
    lastMessageAt: 1000,
    lastMessagePreview: "hello",
    unread: 0,
    createdAt: 0,
    ...over,
  };
}

const elsewhere = { conversationId: "c-other", pageVisible: true };

describe("a visitor writing in my conversations", () => {
  it("is news when I look at another conversation", () => {
    const events = attentionEvents([row("c1")], [row("c1", { unread: 1, lastMessagePreview: "are you there?" })], me.id, elsewhere);
    expect(events).toEqual([{ kind: "message", row: expect.objectContaining({ conversationId: "c1", lastMessagePreview: "are you there?" }) }]);
  });

  it("is news when the conversation is open but the tab is hidden", () => {
    expect(attentionEvents([row("c1")], [row("c1", { unread: 2 })], me.id, { conversationId: "c1", pageVisible: false })).toHaveLength(1);
  });

  it("is not news while I look at that very conversation", () => {
    expect(attentionEvents([row("c1")], [row("c1", { unread: 1 })], me.id, { conversationId: "c1", pageVisible: true })).toEqual([]);
  });

  it("is not news in a colleague's or nobody's conversation, nor when the count goes down (read)", () => {
    expect(attentionEvents([row("c1", { assignee: ana })], [row("c1", { assignee: ana, unread: 1 })], me.id, elsewhere)).toEqual([]);
    expect(attentionEvents([row("c1", { assignee: null, status: "bot" })], [row("c1", { assignee: null, status: "bot", unread: 1 })], me.id, elsewhere)).toEqual([]);
    expect(attentionEvents([row("c1", { unread: 3 })], [row("c1", { unread: 0 })], me.id, elsewhere)).toEqual([]);
  });

  it("nothing is news on the first state, which the page loads with", () => {
    expect(attentionEvents(null, [row("c1", { unread: 5 })], me.id, elsewhere)).toEqual([]);
  });
});

describe("a conversation changing hands", () => {
  it("a colleague handing me their conversation is news", () => {
    expect(attentionEvents([row("c1", { assignee: ana })], [row("c1")], me.id, elsewhere)).toEqual([{ kind: "transfer", row: expect.objectContaining({ conversationId: "c1" }) }]);
  });

  it("a free conversation or a request a colleague hands me is news; taking or accepting it myself in this tab is not", () => {
    const handed = attentionEvents([row("c1", { assignee: null, status: "requested" })], [row("c1")], me.id, elsewhere);
    expect(handed).toEqual([{ kind: "transfer", row: expect.objectContaining({ conversationId: "c1" }) }]);
    expect(attentionEvents([row("c1", { assignee: null, status: "requested" })], [row("c1")], me.id, elsewhere, new Set(["c1"]))).toEqual([]);
  });

  it("a colleague taking my conversation over tells me who has it now", () => {
    const events = attentionEvents([row("c1")], [row("c1", { assignee: ana })], me.id, elsewhere);
    expect(events).toEqual([{ kind: "takenOver", row: expect.objectContaining({ assignee: ana }) }]);
  });

  it("a change this tab made itself (my transfer, my take-over) is not news", () => {
    const mine = new Set(["c1"]);
    expect(attentionEvents([row("c1")], [row("c1", { assignee: ana })], me.id, elsewhere, mine)).toEqual([]);
    expect(attentionEvents([row("c1", { assignee: ana })], [row("c1")], me.id, elsewhere, mine)).toEqual([]);
  });
});

describe("the tab's title", () => {
  it("counts unread visitor messages in my open conversations and requests waiting for anyone", () => {
    const rows = [
      row("mine", { unread: 2 }),
      row("ana", { assignee: ana, unread: 4 }),
      row("waiting", { assignee: null, status: "requested", unread: 1 }),
      row("closed", { status: "closed", unread: 3 }),
    ];
    expect(titleCount(rows, me.id)).toBe(3);
    expect(withCount("Raibu", 3)).toBe("(3) Raibu");
    expect(withCount("Raibu", 0)).toBe("Raibu");
  });
});

describe("how an event reaches the agent", () => {
  const allOn = { message: true, transfer: true };

  it("a message plays its sound, and notifies only while the console is out of sight", () => {
    expect(alertFor({ kind: "message", row: row("c1") }, allOn, false)).toEqual({ sound: "message", notification: false, notice: false });
    expect(alertFor({ kind: "message", row: row("c1") }, allOn, true)).toEqual({ sound: "message", notification: true, notice: false });
  });

  it("a sound switched off plays nothing for its kind; the other kind, the notification and the notice remain", () => {
    const quiet = { message: false, transfer: true };
    expect(alertFor({ kind: "message", row: row("c1") }, quiet, true)).toEqual({ sound: null, notification: true, notice: false });
    expect(alertFor({ kind: "transfer", row: row("c1") }, quiet, false)).toEqual({ sound: "transfer", notification: false, notice: true });
    expect(alertFor({ kind: "transfer", row: row("c1") }, { message: true, transfer: false }, false)).toEqual({ sound: null, notification: false, notice: true });
  });

  it("a colleague taking my conversation over shows a notice, without a sound", () => {
    expect(alertFor({ kind: "takenOver", row: row("c1", { assignee: ana }) }, allOn, false)).toEqual({ sound: null, notification: false, notice: true });
  });
});
