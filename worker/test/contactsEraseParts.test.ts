// The parts of an erasure inside a conversation: the message log emptied down to one line that
// keeps the seqs going, and the state that forgets the visitor and copies nothing back.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { erasedState, ERASED_MESSAGE_ID } from "../src/conversation/erasure";
import { MessageLog } from "../src/conversation/MessageLog";
import { newState } from "../src/conversation/state";
import { unique } from "./helpers";

const visitor = { kind: "visitor" as const, id: "v1", name: "Zoé" };

it("an erased log keeps one system line at the next seq, and a log opened again after a wake goes on after it, never back", async () => {
  const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(unique("erase-log")));
  await runInDurableObject(stub, async (_instance, state) => {
    state.storage.sql.exec(`DROP TABLE IF EXISTS messages`);
    const log = new MessageLog(state.storage.sql, () => visitor);
    log.append("msg-aaaaaaaa", visitor, "I am Zoé, zoe@example.test", { key: "w/c/f", name: "cv.pdf", size: 1, type: "application/pdf" }, null);
    log.append("msg-bbbbbbbb", { kind: "bot", id: null, name: "Bot" }, "Nice to meet you, Zoé", null, null);
    log.append("msg-cccccccc", { kind: "agent", id: "u1", name: "Alex" }, "Hello Zoé", null, null);
    expect(log.eraseAll(ERASED_MESSAGE_ID, "erased")).toBe(3);
    expect(log.lastPreview).toBeNull();
    expect(log.unreadByAgents).toBe(0);
    const rows = state.storage.sql.exec(`SELECT seq, id, author_kind, author_id, author_name, text, attachment, notice FROM messages`).toArray();
    expect(rows).toEqual([{ seq: 4, id: ERASED_MESSAGE_ID, author_kind: "system", author_id: null, author_name: null, text: "erased", attachment: null, notice: null }]);
    // Erasing again (a retried erasure) counts only what came since, and still moves forward.
    expect(log.eraseAll(ERASED_MESSAGE_ID, "erased")).toBe(0);
    const reopened = new MessageLog(state.storage.sql, () => visitor);
    expect(reopened.lastSeq).toBe(5);
    expect(reopened.append("msg-dddddddd", { kind: "system", id: null, name: null }, "later", null, null)?.seq).toBe(6);
  });
});

it("the erased state forgets the visitor's name, what the bot collected, their page, booking and rating comment, closes, and leaves nothing to copy back to D1", () => {
  const s = newState(
    { id: "c1", workspaceId: "w1", interfaceId: "i1", interfaceName: "Site", visitorId: "v1", visitorName: "Zoé", language: "en", signingKey: "k", appOrigin: "https://app", flowVersion: null, known: { name: "Zoé", email: "zoe@example.test" } },
    1000,
  );
  s.fields = { name: "Zoé", email: "zoe@example.test", phone: "+33 6", custom: { company: "Acme" }, version: 4, syncedVersion: 2 };
  s.page = { url: "https://acme.example/?email=zoe@example.test", title: "Pricing", referrer: "" };
  s.appointment = { id: "a1", startsAt: 1, endsAt: 2, email: "zoe@example.test", visitorUrl: "https://app/call/x" };
  s.rating = { score: 4, comment: "Zoé was helped", ratedAt: 900 };
  s.status = "requested";
  s.requestDeadline = 5000;

  const erased = erasedState(s, "Visitor #12", 2000);
  expect(erased).toMatchObject({
    visitorName: "Visitor #12",
    known: { name: null, email: null, phone: null },
    fields: { custom: {}, version: 4, syncedVersion: 4 },
    page: null,
    appointment: null,
    rating: { score: 4, comment: "", ratedAt: 900 },
    status: "closed",
    closedAt: 2000,
    requestDeadline: null,
  });
  expect(erased.fields.name).toBeUndefined();
  expect(JSON.stringify(erased)).not.toMatch(/zo[eé]/i);
});
