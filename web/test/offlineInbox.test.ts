// The offline inbox's pure parts: the filters in the address and the list query, a live frame
// merged into the list on screen, paging by cursor, reply rows, and which changes alert an agent.
import { describe, expect, it } from "vitest";
import type { OfflineMessage, OfflineThreadSummary } from "@raibu/protocol/offline";
import { withPage, withThread, type InboxList } from "../src/components/offline/inboxMerge";
import { dayIn, filtersFromSearch, filtersToSearch, isFiltered, listQuery, matchesFilters, NO_FILTERS, type InboxFilters } from "../src/components/offline/inboxQuery";
import { offlineAlertFor, openThreadId } from "../src/components/offline/offlineAlert";
import { offlineEn, offlineFr } from "../src/components/offline/texts";
import { awaitingDelivery, newReplyId, withMessage } from "../src/components/offline/threadMessages";
import type { OfflineFrame } from "../src/stores/createLobby";

const thread = (id: string, lastMessageAt: number, extra: Partial<OfflineThreadSummary> = {}): OfflineThreadSummary => ({
  id,
  interfaceId: "if1",
  interfaceName: "Shop",
  conversationId: `c-${id}`,
  visitorId: `v-${id}`,
  name: `Name ${id}`,
  email: `${id}@example.com`,
  phone: "",
  lang: "en",
  status: "open",
  starred: false,
  unread: true,
  preview: `Hello from ${id}`,
  lastAuthor: "visitor",
  messageCount: 1,
  lastMessageAt,
  createdAt: lastMessageAt,
  ...extra,
});

const list = (threads: OfflineThreadSummary[], nextCursor: string | null = null): InboxList => ({ threads, nextCursor });
const ids = (l: InboxList) => l.threads.map((t) => t.id);
const context = (filters: Partial<InboxFilters> = {}, openId: string | null = null) => ({ filters: { ...NO_FILTERS, ...filters }, timeZone: "UTC", openId });
const DAY = 86_400_000;
const JAN_10 = Date.UTC(2026, 0, 10, 12);

describe("the inbox's filters in the address", () => {
  it("a link with every filter gives them back, and the address written from them reads the same", () => {
    const search = { starred: "1", unread: "1", status: "closed", interface: "if2", from: "2026-01-01", to: "2026-01-31", q: "refund" };
    const filters = filtersFromSearch(search);
    expect(filters).toEqual({ starred: true, unread: true, status: "closed", interfaceId: "if2", from: "2026-01-01", to: "2026-01-31", q: "refund" });
    expect(filtersToSearch(filters)).toEqual(search);
  });

  it("no filter leaves a clean address: every parameter is removed", () => {
    expect(Object.values(filtersToSearch(NO_FILTERS)).every((v) => v === undefined)).toBe(true);
    expect(isFiltered(NO_FILTERS)).toBe(false);
    expect(isFiltered({ ...NO_FILTERS, unread: true })).toBe(true);
  });

  it("a hand-edited address with a bad status or date is read as no such filter", () => {
    expect(filtersFromSearch({ status: "maybe", from: "yesterday", to: "2026-13", starred: "yes" })).toEqual(NO_FILTERS);
  });

  it("the list query names only the filters set, the search trimmed, and the cursor of the page after", () => {
    expect(listQuery(NO_FILTERS)).toEqual({});
    expect(listQuery({ ...NO_FILTERS, starred: true, status: "open", q: "  lost parcel ", interfaceId: "if1" }, "abc")).toEqual({
      starred: "1",
      status: "open",
      interfaceId: "if1",
      q: "lost parcel",
      cursor: "abc",
    });
  });

  it("a thread's day is counted in the workspace's time zone", () => {
    const lateUtc = Date.UTC(2026, 0, 10, 23, 30);
    expect(dayIn(lateUtc, "UTC")).toBe("2026-01-10");
    expect(dayIn(lateUtc, "Europe/Paris")).toBe("2026-01-11");
    expect(matchesFilters(thread("a", lateUtc), { ...NO_FILTERS, from: "2026-01-11" }, "Europe/Paris")).toBe(true);
    expect(matchesFilters(thread("a", lateUtc), { ...NO_FILTERS, from: "2026-01-11" }, "UTC")).toBe(false);
  });

  it("search words must all appear in the name, the email or the latest line, in any case", () => {
    const t = thread("a", JAN_10, { name: "Élodie Martin", email: "elo@shop.fr", preview: "Where is my parcel?" });
    expect(matchesFilters(t, { ...NO_FILTERS, q: "élodie PARCEL" }, "UTC")).toBe(true);
    expect(matchesFilters(t, { ...NO_FILTERS, q: "shop.fr" }, "UTC")).toBe(true);
    expect(matchesFilters(t, { ...NO_FILTERS, q: "refund parcel" }, "UTC")).toBe(false);
  });
});

describe("the inbox list with live changes", () => {
  it("a new thread goes on top, newest first", () => {
    const l = list([thread("b", JAN_10), thread("a", JAN_10 - DAY)]);
    expect(ids(withThread(l, thread("c", JAN_10 + 1000), context()))).toEqual(["c", "b", "a"]);
  });

  it("a visitor's answer moves their thread to the top, and it is listed once", () => {
    const l = list([thread("b", JAN_10), thread("a", JAN_10 - DAY)]);
    const answered = withThread(l, thread("a", JAN_10 + 5000, { messageCount: 3, preview: "Thanks!" }), context());
    expect(ids(answered)).toEqual(["a", "b"]);
    expect(answered.threads[0]!.preview).toBe("Thanks!");
  });

  it("a star or read mark updates the thread where it is", () => {
    const l = list([thread("b", JAN_10), thread("a", JAN_10 - DAY)]);
    const next = withThread(l, thread("a", JAN_10 - DAY, { starred: true, unread: false }), context());
    expect(ids(next)).toEqual(["b", "a"]);
    expect(next.threads[1]).toMatchObject({ starred: true, unread: false });
  });

  it("a new thread the filters exclude is not shown, and one that stops matching leaves the list", () => {
    const l = list([thread("b", JAN_10, { starred: true })]);
    expect(ids(withThread(l, thread("c", JAN_10 + 1), context({ starred: true })))).toEqual(["b"]);
    expect(ids(withThread(l, thread("b", JAN_10, { starred: false }), context({ starred: true })))).toEqual([]);
  });

  it("the thread open beside the list stays while open, even when reading it takes it out of « Unread »", () => {
    const l = list([thread("b", JAN_10)]);
    const read = thread("b", JAN_10, { unread: false });
    expect(ids(withThread(l, read, context({ unread: true }, "b")))).toEqual(["b"]);
    expect(ids(withThread(l, read, context({ unread: true }, null)))).toEqual([]);
  });

  it("under a search, a listed thread stays listed when its new line lacks the words (the server found them in the thread)", () => {
    const l = list([thread("b", JAN_10, { preview: "my parcel is late" })]);
    const answered = thread("b", JAN_10 + 1, { preview: "Thanks" });
    expect(ids(withThread(l, answered, context({ q: "parcel" })))).toEqual(["b"]);
    expect(ids(withThread(l, thread("n", JAN_10 + 2, { preview: "Thanks" }), context({ q: "parcel" })))).toEqual(["b"]);
  });

  it("a change to a thread below the pages loaded waits for its page: « Load more » never shows it twice", () => {
    const l = list([thread("c", JAN_10), thread("b", JAN_10 - DAY)], "cursor-b");
    const older = thread("z", JAN_10 - 5 * DAY, { starred: true });
    expect(ids(withThread(l, older, context()))).toEqual(["c", "b"]);
    // On the last page, it has its place.
    expect(ids(withThread(list(l.threads, null), older, context()))).toEqual(["c", "b", "z"]);
  });

  it("threads with the same time keep the server's order (id descending)", () => {
    const l = list([thread("b", JAN_10), thread("a", JAN_10)]);
    expect(ids(withThread(l, thread("ab", JAN_10), context()))).toEqual(["b", "ab", "a"]);
  });

  it("a page appended after others skips a thread already shown (it moved up while paging)", () => {
    const first = withPage(null, { threads: [thread("c", JAN_10), thread("b", JAN_10 - DAY)], nextCursor: "b" });
    const moved = withThread(first, thread("a", JAN_10 + 1), context());
    const next = withPage(moved, { threads: [thread("a", JAN_10 - 2 * DAY), thread("x", JAN_10 - 3 * DAY)], nextCursor: null });
    expect(ids(next)).toEqual(["a", "c", "b", "x"]);
    expect(next.nextCursor).toBeNull();
  });
});

const message = (id: string, createdAt: number, extra: Partial<OfflineMessage> = {}): OfflineMessage => ({
  id,
  threadId: "t",
  author: "agent",
  agent: { id: "u1", name: "Ana" },
  text: "Hi",
  via: "console",
  delivery: { emailId: `e-${id}`, status: "queued", attempts: 0, lastError: null, sentAt: null },
  createdAt,
  ...extra,
});

describe("a thread's messages", () => {
  it("a reply read back after it was sent replaces its row, in order", () => {
    const rows = withMessage([message("m1", 1, { author: "visitor", agent: null, delivery: null }), message("m2", 2)], message("m2", 2, { delivery: { emailId: "e", status: "sent", attempts: 1, lastError: null, sentAt: 3 } }));
    expect(rows.map((m) => [m.id, m.delivery?.status ?? null])).toEqual([
      ["m1", null],
      ["m2", "sent"],
    ]);
  });

  it("a reply still queued is waited for; sent, in the dev outbox or failed is not", () => {
    expect(awaitingDelivery([message("m", 1)])).toBe(true);
    for (const status of ["sent", "dev_outbox", "failed"] as const) {
      expect(awaitingDelivery([message("m", 1, { delivery: { emailId: "e", status, attempts: 1, lastError: null, sentAt: null } })])).toBe(false);
    }
  });

  it("a reply's id is one the server accepts (8–64 letters, digits, _ or -) and new each time", () => {
    const a = newReplyId();
    expect(a).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(newReplyId()).not.toBe(a);
  });
});

const frame = (change: OfflineFrame["change"], id = "t1"): OfflineFrame => ({ type: "offline", change, thread: thread(id, JAN_10), unread: 1 });
const online = { online: true, watchingId: null, sounds: { request: true, message: true } };

describe("which inbox changes alert an agent", () => {
  it("a new thread rings as a request, a visitor's answer as a message, each with a notification", () => {
    expect(offlineAlertFor(frame("created"), online)).toEqual({ sound: "request", notification: true });
    expect(offlineAlertFor(frame("answer"), online)).toEqual({ sound: "message", notification: true });
  });

  it("an agent's change, an agent who is away, or the thread already on screen alert nobody", () => {
    expect(offlineAlertFor(frame("updated"), online)).toBeNull();
    expect(offlineAlertFor(frame("created"), { ...online, online: false })).toBeNull();
    expect(offlineAlertFor(frame("answer"), { ...online, watchingId: "t1" })).toBeNull();
  });

  it("a sound switched off in the preferences leaves the notification", () => {
    expect(offlineAlertFor(frame("created"), { ...online, sounds: { request: false, message: true } })).toEqual({ sound: null, notification: true });
  });

  it("the thread an inbox address opens", () => {
    expect(openThreadId("/offline/abc")).toBe("abc");
    expect(openThreadId("/offline")).toBeNull();
    expect(openThreadId("/live/abc")).toBeNull();
  });
});

describe("the inbox page's texts, loaded with it", () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]).sort();

  it("French and English have the same keys, none empty, with the same placeholders", () => {
    expect(Object.keys(offlineFr).sort()).toEqual(Object.keys(offlineEn).sort());
    for (const [key, text] of Object.entries(offlineEn)) {
      const french = offlineFr[key as keyof typeof offlineFr];
      expect(french.trim(), key).not.toBe("");
      expect(placeholders(french), key).toEqual(placeholders(text));
    }
  });

  it("« suivi » is the French name of the follow-up star", () => {
    expect(offlineFr["offline.filter.starred"]).toBe("Suivi");
  });
});
