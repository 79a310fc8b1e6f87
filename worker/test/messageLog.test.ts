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
    const log = new MessageLog(state.storage.sql);
    const first = log.append("msg-aaaaaaaa", visitor, "one", null, null);
    expect(log.append("msg-aaaaaaaa", visitor, "one again", null, null)).toBeNull();
    expect(log.append("msg-aaaaaaaa", visitor, "and again", null, null)).toBeNull();
    const second = log.append("msg-bbbbbbbb", visitor, "two", null, null);
    expect([first?.seq, second?.seq]).toEqual([1, 2]);
    const seqs = state.storage.sql.exec<{ seq: number }>(`SELECT seq FROM messages ORDER BY seq`).toArray().map((r) => r.seq);
    expect(seqs).toEqual([1, 2]);
    // A log opened again on the same storage (a wake after eviction) goes on from the last seq.
    expect(new MessageLog(state.storage.sql).append("msg-cccccccc", visitor, "three", null, null)?.seq).toBe(3);
  });
});
