// The message log's seqs: strictly increasing with no hole, whatever is resent.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { expect, it } from "vitest";
import { MessageLog } from "../src/conversation/MessageLog";
import { unique } from "./helpers";

const visitor = { kind: "visitor" as const, id: "v1", name: "Visitor" };

it("a message appended again with the same id is stored once and spends no seq: the next message follows without a hole", async () => {
  const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(unique("log")));
  await runInDurableObject(stub, async (_instance, state) => {
    state.storage.sql.exec(`DROP TABLE IF EXISTS messages`);
    const log = new MessageLog(state.storage.sql, () => visitor);
    const first = log.append("msg-aaaaaaaa", visitor, "one", null, null);
    expect(log.append("msg-aaaaaaaa", visitor, "one again", null, null)).toBeNull();
    expect(log.append("msg-aaaaaaaa", visitor, "and again", null, null)).toBeNull();
    const second = log.append("msg-bbbbbbbb", visitor, "two", null, null);
    expect([first?.seq, second?.seq]).toEqual([1, 2]);
    const seqs = state.storage.sql.exec<{ seq: number }>(`SELECT seq FROM messages ORDER BY seq`).toArray().map((r) => r.seq);
    expect(seqs).toEqual([1, 2]);
    // A log opened again on the same storage (a wake after eviction) goes on from the last seq.
    expect(new MessageLog(state.storage.sql, () => visitor).append("msg-cccccccc", visitor, "three", null, null)?.seq).toBe(3);
  });
});

it("an agent's message and a system notice appended again with their id are stored once too, spending no seq, and keep what they carry", async () => {
  const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(unique("log")));
  await runInDurableObject(stub, async (_instance, state) => {
    state.storage.sql.exec(`DROP TABLE IF EXISTS messages`);
    const log = new MessageLog(state.storage.sql, () => visitor);
    const agent = { kind: "agent" as const, id: "u1", name: "Alex" };
    const system = { kind: "system" as const, id: null, name: null };
    const notice = { code: "call_ended" as const, durationMs: 60_000 };
    expect(log.append("msg-agent001", agent, "hi", null, null)?.seq).toBe(1);
    expect(log.append("msg-agent001", agent, "hi again", null, null)).toBeNull();
    expect(log.append("call-ended-1", system, "Call ended", null, notice)?.seq).toBe(2);
    expect(log.append("call-ended-1", system, "Call ended", null, notice)).toBeNull();
    expect(log.append("msg-visitor1", visitor, "hello", null, null)?.seq).toBe(3);
    expect(log.lastSeq).toBe(3);
    expect(log.newest().map((m) => [m.seq, m.id, m.author.kind, m.text, m.notice])).toEqual([
      [1, "msg-agent001", "agent", "hi", null],
      [2, "call-ended-1", "system", "Call ended", notice],
      [3, "msg-visitor1", "visitor", "hello", null],
    ]);
  });
});

it("a visitor's message is stored without their name and read under the name they are known by now; an agent's keeps its own", async () => {
  const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(unique("log")));
  await runInDurableObject(stub, async (_instance, state) => {
    state.storage.sql.exec(`DROP TABLE IF EXISTS messages`);
    const known = { id: "v1", name: "Visitor #7" };
    const log = new MessageLog(state.storage.sql, () => known);
    log.append("msg-visitor1", { kind: "visitor", id: "v1", name: "Visitor #7" }, "hello", null, null);
    log.append("msg-agent001", { kind: "agent", id: "u1", name: "Alex" }, "hi!", null, null);
    const stored = state.storage.sql.exec<{ author_id: string | null; author_name: string | null }>(`SELECT author_id, author_name FROM messages ORDER BY seq`).toArray();
    expect(stored).toEqual([
      { author_id: null, author_name: null },
      { author_id: "u1", author_name: "Alex" },
    ]);
    known.name = "Jeanne";
    expect(log.newest().map((m) => m.author)).toEqual([
      { kind: "visitor", id: "v1", name: "Jeanne" },
      { kind: "agent", id: "u1", name: "Alex" },
    ]);
  });
});
