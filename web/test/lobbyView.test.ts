// The live visitor list: lobby frames, server search merged in, filters, sort and waiting times.
import { describe, expect, it } from "vitest";
import type { ConversationSummary } from "@raibu/protocol/api";
import type { LobbyConversation } from "@raibu/protocol/realtime";
import {
  applyLobbyFrame,
  defaultFilters,
  emptyLobby,
  filterRows,
  formatDuration,
  fromLobby,
  mergeSearch,
  pagePath,
  pendingRequests,
  sortRows,
  visibleRows,
  type Names,
} from "../src/lib/lobbyView";

const row = (id: string, extra: Partial<LobbyConversation> = {}): LobbyConversation => ({
  conversationId: id,
  visitorId: `v-${id}`,
  visitorName: `Visitor ${id}`,
  interfaceId: "demo-website",
  interfaceName: "Website",
  status: "bot",
  requestKind: null,
  requestedAt: null,
  assignee: null,
  page: null,
  visitorOnline: true,
  lastMessageAt: null,
  lastMessagePreview: null,
  unread: 0,
  createdAt: 1000,
  ...extra,
});

const summary = (id: string, extra: Partial<ConversationSummary> = {}): ConversationSummary => ({
  id,
  interfaceId: "demo-support-fr",
  visitorId: `v-${id}`,
  visitorName: `Visiteur ${id}`,
  visitorEmail: null,
  status: "closed",
  requestKind: null,
  assigneeId: null,
  lastMessageAt: 500,
  lastMessagePreview: "merci",
  createdAt: 100,
  ...extra,
});

const names: Names = { interfaces: new Map([["demo-support-fr", "Support FR"]]), agents: new Map([["u2", "Camille Durand"]]) };

describe("applyLobbyFrame", () => {
  it("starts from the snapshot, then updates, adds and removes rows", () => {
    let state = applyLobbyFrame(emptyLobby(), { type: "snapshot", conversations: [row("a"), row("b")], agents: [] });
    state = applyLobbyFrame(state, { type: "conversation", conversation: row("a", { status: "live" }) });
    state = applyLobbyFrame(state, { type: "request", conversation: row("c", { status: "requested", requestKind: "video" }) });
    state = applyLobbyFrame(state, { type: "removed", conversationId: "b" });
    expect(state.rows.map((r) => [r.conversationId, r.status])).toEqual([
      ["c", "requested"],
      ["a", "live"],
    ]);
    state = applyLobbyFrame(state, { type: "agents", agents: [{ userId: "u1", name: "Alex", status: "online" }] });
    expect(state.agents).toHaveLength(1);
    expect(applyLobbyFrame(state, { type: "pong" })).toBe(state);
  });

  it("counts pending requests for the navigation badge", () => {
    expect(pendingRequests([row("a", { status: "requested" }), row("b", { status: "live" }), row("c", { status: "requested" })])).toBe(2);
  });
});

describe("mergeSearch", () => {
  it("without a search keeps every lobby row", () => {
    expect(mergeSearch([row("a"), row("b")], null, names).map((r) => r.conversationId)).toEqual(["a", "b"]);
  });

  it("with a search keeps the lobby rows found, then adds found conversations the lobby does not hold", () => {
    const rows = mergeSearch([row("a"), row("b"), row("c")], [summary("c"), summary("old", { assigneeId: "u2" })], names);
    expect(rows.map((r) => [r.conversationId, r.live])).toEqual([
      ["c", true],
      ["old", false],
    ]);
    expect(rows[1]).toMatchObject({ visitorName: "Visiteur old", interfaceName: "Support FR", status: "closed", assignee: { id: "u2", name: "Camille Durand" }, lastActivity: 500 });
  });

  it("an empty result shows nothing", () => {
    expect(mergeSearch([row("a")], [], names)).toEqual([]);
  });
});

describe("filters", () => {
  const rows = [
    row("bot"),
    row("waiting", { status: "requested", requestedAt: 50 }),
    row("mine", { status: "live", assignee: { id: "u1", name: "Alex" } }),
    row("theirs", { status: "live", assignee: { id: "u2", name: "Camille" }, interfaceId: "demo-support-fr" }),
    row("closed", { status: "closed" }),
  ].map(fromLobby);
  const ids = (list: { conversationId: string }[]) => list.map((r) => r.conversationId);

  it("filter by status, waiting meaning a pending request", () => {
    expect(ids(filterRows(rows, { ...defaultFilters(), status: "requested" }, "u1"))).toEqual(["waiting"]);
    expect(ids(filterRows(rows, { ...defaultFilters(), status: "live" }, "u1"))).toEqual(["mine", "theirs"]);
    expect(ids(filterRows(rows, defaultFilters(), "u1"))).toHaveLength(5);
  });

  it("filter by interface, by assigned to me and by unassigned", () => {
    expect(ids(filterRows(rows, { ...defaultFilters(), interfaceId: "demo-support-fr" }, "u1"))).toEqual(["theirs"]);
    expect(ids(filterRows(rows, { ...defaultFilters(), assignedToMe: true }, "u1"))).toEqual(["mine"]);
    expect(ids(filterRows(rows, { ...defaultFilters(), unassigned: true }, "u1"))).toEqual(["bot", "waiting", "closed"]);
  });
});

describe("sortRows", () => {
  const rows = [
    row("quiet", { lastMessageAt: 100 }),
    row("recent", { lastMessageAt: 900 }),
    row("waited-long", { status: "requested", requestedAt: 200, lastMessageAt: 200 }),
    row("waited-short", { status: "requested", requestedAt: 800, lastMessageAt: 800 }),
  ].map(fromLobby);

  it("by last activity, newest first", () => {
    expect(sortRows(rows, "activity").map((r) => r.conversationId)).toEqual(["recent", "waited-short", "waited-long", "quiet"]);
  });

  it("by waiting time: the longest waiting request first, then the rest by activity", () => {
    expect(sortRows(rows, "waiting").map((r) => r.conversationId)).toEqual(["waited-long", "waited-short", "recent", "quiet"]);
  });

  it("the whole pipeline searches, filters and sorts together", () => {
    const lobby = [row("a", { lastMessageAt: 10 }), row("b", { lastMessageAt: 20 }), row("c", { status: "live" })];
    const list = visibleRows(lobby, [summary("a"), summary("b"), summary("z", { status: "bot", lastMessageAt: 15 })], names, { ...defaultFilters(), status: "bot" }, "activity", "u1");
    expect(list.map((r) => r.conversationId)).toEqual(["b", "z", "a"]);
  });
});

describe("formatting", () => {
  it("shows waiting times as m:ss, and h:mm:ss past an hour", () => {
    expect(formatDuration(42_000)).toBe("0:42");
    expect(formatDuration(12 * 60_000 + 5_000)).toBe("12:05");
    expect(formatDuration(3_729_000)).toBe("1:02:09");
    expect(formatDuration(-5)).toBe("0:00");
  });

  it("shows a page by its path", () => {
    expect(pagePath("http://localhost:8791/demo?x=1#top")).toBe("/demo?x=1");
    expect(pagePath("not a url")).toBe("not a url");
  });
});
