// The lobby stays bounded: idle bot rows leave the live list (consoles are told), the rest give
// way beyond a bound, and waiting requests and live chats always stay. Rows are seeded through
// the lobby's RPC, the clock is moved with a fake Date, and the alarm is run by hand.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { IDLE_BOT_MS, MAX_OTHER_ROWS } from "../src/lib/lobbyRetention";
import type { ConversationStatus, LobbyConversation } from "@raibu/protocol/realtime";
import { unique } from "./helpers";

const lobbyOf = (name: string) => env.WORKSPACES.get(env.WORKSPACES.idFromName(name));

function row(conversationId: string, status: ConversationStatus, visitorOnline: boolean): LobbyConversation {
  return {
    conversationId,
    visitorId: `v-${conversationId}`,
    visitorName: "Visitor #1",
    interfaceId: "if-1",
    interfaceName: "Site",
    status,
    requestKind: status === "requested" ? "live" : null,
    requestedAt: status === "requested" ? Date.now() : null,
    assignee: status === "live" ? { id: "agent-1", name: "Camille" } : null,
    page: null,
    visitorOnline,
    lastMessageAt: null,
    lastMessagePreview: null,
    unread: 0,
    createdAt: Date.now(),
  };
}

/** A console tab on the lobby, straight to the Durable Object as the realtime route forwards it. */
async function consoleSocket(lobby: ReturnType<typeof lobbyOf>) {
  const res = await lobby.fetch("http://lobby/", { headers: { Upgrade: "websocket", "X-Raibu-Id": unique("agent"), "X-Raibu-Name": "Camille" } });
  const ws = res.webSocket!;
  const frames: any[] = [];
  ws.accept();
  ws.addEventListener("message", (event) => {
    frames.push(JSON.parse(event.data as string));
  });
  return { ws, frames, removed: () => new Set(frames.filter((f) => f.type === "removed").map((f) => f.conversationId as string)) };
}

/** Seeds rows in parallel batches, as many conversations reporting at once would. */
async function seed(lobby: ReturnType<typeof lobbyOf>, rows: LobbyConversation[]) {
  for (let i = 0; i < rows.length; i += 250) await Promise.all(rows.slice(i, i + 250).map((r) => lobby.upsertConversation(r, 1)));
}

const storedRows = (lobby: ReturnType<typeof lobbyOf>) =>
  runInDurableObject(lobby, (_instance, state) => state.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM lobby`).one().n);

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

afterEach(() => {
  vi.useRealTimers();
});

describe("the live list's bound", () => {
  it("conversations idle in the bot with no visitor socket for 30 minutes leave the list, consoles get `removed` for each, and requests and live chats stay", async () => {
    const lobby = lobbyOf(unique("ws"));
    const tab = await consoleSocket(lobby);
    const requests = ids("req", 10);
    const live = ids("live", 10);
    const idle = ids("idle", 4_970);
    const present = ids("present", 10);
    await seed(lobby, [
      ...requests.map((id) => row(id, "requested", false)),
      ...live.map((id) => row(id, "live", false)),
      ...idle.map((id) => row(id, "bot", false)),
      ...present.map((id) => row(id, "bot", true)),
    ]);
    // The bound already holds while they arrive: at most the newest others beside every request and chat.
    const during = (await lobby.snapshot()).conversations.map((c) => c.conversationId);
    expect(during.length).toBeLessThanOrEqual(MAX_OTHER_ROWS + requests.length + live.length);
    expect(during).toEqual(expect.arrayContaining([...requests, ...live, ...present]));

    const alarm = await runInDurableObject(lobby, (_instance, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    expect(alarm!).toBeLessThanOrEqual(Date.now() + IDLE_BOT_MS);

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + IDLE_BOT_MS + 1000);
    expect(await runDurableObjectAlarm(lobby)).toBe(true);

    const after = (await lobby.snapshot()).conversations.map((c) => c.conversationId).sort();
    expect(after).toEqual([...requests, ...live, ...present].sort());
    vi.useRealTimers();
    await expect.poll(() => tab.removed().size, { timeout: 5000 }).toBe(idle.length);
    expect([...tab.removed()].sort()).toEqual(idle.slice().sort());
    // Storage follows the list (rows are written in batches within half a second).
    await expect.poll(() => storedRows(lobby), { timeout: 5000 }).toBe(after.length);
  });

  it("5,000 busy bot conversations cannot push a waiting request or a live chat out of the list, and no more than the bound of others is kept", async () => {
    const lobby = lobbyOf(unique("ws"));
    const requests = ids("req", 5);
    const live = ids("live", 5);
    const busy = ids("busy", 5_000);
    await seed(lobby, [...requests.map((id) => row(id, "requested", true)), ...live.map((id) => row(id, "live", true))]);
    await seed(lobby, busy.map((id) => row(id, "bot", true)));
    // One more report runs the pruning pass that follows every hundred reports.
    await seed(lobby, ids("late", 100).map((id) => row(id, "bot", true)));

    const listed = (await lobby.snapshot()).conversations.map((c) => c.conversationId);
    expect(listed).toEqual(expect.arrayContaining([...requests, ...live]));
    expect(listed.length).toBeLessThanOrEqual(MAX_OTHER_ROWS + requests.length + live.length);
    await expect.poll(() => storedRows(lobby), { timeout: 5000 }).toBeLessThanOrEqual(MAX_OTHER_ROWS + requests.length + live.length);
    // Nothing expires while the visitors are there.
    expect(await runInDurableObject(lobby, (_instance, state) => state.storage.getAlarm())).toBeNull();
  });

  it("a conversation that reports again after leaving comes back to the list", async () => {
    const lobby = lobbyOf(unique("ws"));
    await lobby.upsertConversation(row("back", "bot", false), 1);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + IDLE_BOT_MS + 1000);
    await runDurableObjectAlarm(lobby);
    expect((await lobby.snapshot()).conversations).toEqual([]);
    await lobby.upsertConversation(row("back", "bot", true), 2);
    expect((await lobby.snapshot()).conversations.map((c) => c.conversationId)).toEqual(["back"]);
  });
});
