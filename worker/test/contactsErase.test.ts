// Erasing a contact through DELETE /api/contacts/:id: nothing of the person is left in D1 or in any
// Durable Object, the report counts what went, integrations are told, a failed step is finished by
// running it again, and only an admin of the workspace may do it.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { Client, conversationObject, createInterface, createWorkspace, messageId, signedIn, visitorSession, visitorSocket } from "./helpers";
import { interceptHooks, ok } from "./webhookFixtures";
import { conversationHolding, d1Holding, lobbyHolding, messageCount, needles, newPerson, personEverywhere, scalar } from "./contactsEraseFixtures";

// The endpoints' receiver answers every delivery the queue makes, for the whole file.
beforeAll(() => void interceptHooks(ok));

/** The object's message log, whose erase a test makes fail as a refusing storage would. */
type Breakable = { log: { eraseAll?: () => number } };
type Setup = Awaited<ReturnType<typeof personEverywhere>>;
const conversationsOf = (s: Setup) => [s.visitors.a.conversationId, s.visitors.b.conversationId];

/** What the person's rows count before the erasure, as the report should count them. */
async function expectedCounts(s: Setup) {
  const [a, b] = conversationsOf(s);
  const indexRows = await scalar(`SELECT count(*) AS n FROM message_index WHERE conversation_id IN (?, ?)`, a, b);
  const deliveries = await scalar(`SELECT count(*) AS n FROM deliveries WHERE workspace_id = ? AND instr(lower(payload), ?) > 0`, s.ws.id, s.person.email);
  return {
    contacts: 1,
    visitors: 2,
    notes: 1,
    conversations: 2,
    messages: (await messageCount(a!)) + (await messageCount(b!)),
    offlineThreads: 1,
    // The form's message and the agent's reply.
    offlineMessages: 2,
    appointments: 1,
    // The reply and the booking's confirmation.
    emails: 2,
    files: 1,
    // The message index's rows, and the search rows of the thread, its two messages and the contact.
    searchRows: indexRows + 4,
    crmRecords: 0,
    deliveries,
  };
}

describe("erasing a contact", () => {
  it("leaves no D1 row and no Durable Object message holding their email, name or phone, and reports what went, counted per place", async () => {
    const s = await personEverywhere();
    const lookFor = needles(s.person);
    const [a, b] = conversationsOf(s);
    // Everything the person left is there first: the scans would otherwise prove nothing.
    expect(await scalar(`SELECT count(*) AS n FROM message_index WHERE conversation_id = ?`, a)).toBeGreaterThan(0);
    expect((await d1Holding(lookFor)).length).toBeGreaterThan(8);
    expect(await conversationHolding(a!, lookFor)).not.toEqual([]);
    expect(await conversationHolding(b!, lookFor)).not.toEqual([]);
    expect(await env.ATTACHMENTS.head(s.fileKey)).not.toBeNull();
    await vi.waitFor(async () => expect(await lobbyHolding(s.ws.id, lookFor)).not.toEqual([]), { timeout: 5000, interval: 100 });
    const expected = await expectedCounts(s);
    expect(expected.deliveries).toBeGreaterThan(0);

    const res = await s.admin.client.delete(`/api/contacts/${s.contactId}`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ contactId: s.contactId, erased: expected, at: expect.any(Number) });

    expect(await d1Holding(lookFor)).toEqual([]);
    expect(await conversationHolding(a!, lookFor)).toEqual([]);
    expect(await conversationHolding(b!, lookFor)).toEqual([]);
    await vi.waitFor(async () => expect(await lobbyHolding(s.ws.id, lookFor)).toEqual([]), { timeout: 5000, interval: 100 });
    expect(await env.ATTACHMENTS.head(s.fileKey)).toBeNull();
    expect((await env.ATTACHMENTS.list({ prefix: `${s.ws.id}/${a}/` })).objects).toEqual([]);
    // The bystander, another contact of the workspace, is untouched.
    expect((await d1Holding([s.other.email])).length).toBeGreaterThan(0);
  });

  it("keeps each conversation closed with one line saying its messages were erased (all a returning visitor is shown, and they cannot write), and the visitors as bare numbers", async () => {
    const s = await personEverywhere();
    const [a] = conversationsOf(s);
    expect((await s.admin.client.delete(`/api/contacts/${s.contactId}`)).status).toBe(200);
    const transcript = await conversationObject(a!).transcript(50);
    expect(transcript.map((m) => ({ kind: m.author.kind, text: m.text, attachment: m.attachment }))).toEqual([
      { kind: "system", text: "The messages of this conversation were erased", attachment: null },
    ]);
    const view = await conversationObject(a!).getView();
    expect(view).toMatchObject({ status: "closed", visitor: { name: null, email: null, phone: null, custom: {} } });
    const row = await env.DB.prepare(`SELECT * FROM visitors WHERE id = ?`).bind(s.visitors.a.visitorId).first<Record<string, unknown>>();
    expect(row).toMatchObject({ name: null, email: null, phone: null, external_id: null, identity: null, custom_fields: null, context: null, number: expect.any(Number) });
    // The visitor coming back is welcomed with that line only, and cannot write: it is closed.
    const socket = await visitorSocket(s.visitors.a);
    const welcome = socket.frames.find((f) => f.type === "welcome");
    expect(welcome.messages.map((m: { text: string }) => m.text)).toEqual(["The messages of this conversation were erased"]);
    const id = messageId();
    socket.send({ type: "message", id, text: "hello again" });
    expect(await socket.next((f) => f.type === "error" && f.id === id)).toMatchObject({ code: "conversation_closed" });
    socket.close();
    const summary = await env.DB.prepare(`SELECT status, last_message_preview FROM conversations WHERE id = ?`).bind(a).first();
    expect(summary).toEqual({ status: "closed", last_message_preview: null });
  });

  it("cancels an appointment still ahead and keeps it without the name and email it was booked under", async () => {
    const s = await personEverywhere();
    expect((await s.admin.client.delete(`/api/contacts/${s.contactId}`)).status).toBe(200);
    const row = await env.DB.prepare(`SELECT status, cancelled_by, name, email, visitor_time_zone, call_id FROM appointments WHERE id = ?`).bind(s.appointmentId).first<Record<string, unknown>>();
    expect(row).toMatchObject({ status: "cancelled", cancelled_by: "agent", name: "", email: "", visitor_time_zone: "" });
    const call = await env.DB.prepare(`SELECT expires_at FROM calls WHERE id = ?`).bind(row!.call_id).first<{ expires_at: number }>();
    expect(call!.expires_at).toBeLessThanOrEqual(Date.now());
  });

  it("queues contact.deleted for the endpoints that hear it, naming the contact by id only; the person's deliveries not yet made are dropped and those made keep their log line without the person", async () => {
    const s = await personEverywhere();
    const ofPerson = `SELECT id FROM deliveries WHERE workspace_id = ? AND instr(lower(payload), ?) > 0`;
    // The person's contact.created was sent already (the consumer's work, done here by hand); the
    // contact.updated their capture may have queued is not.
    const sent = (await env.DB.prepare(ofPerson).bind(s.ws.id, s.person.email).first<{ id: string }>())!.id;
    await env.DB.prepare(`UPDATE deliveries SET status = 'delivered', attempts = 1, response_code = 200 WHERE id = ?`).bind(sent).run();
    const queued = await env.DB.prepare(`INSERT INTO deliveries (id, workspace_id, target_id, target_kind, event, event_id, payload) VALUES (?, ?, ?, 'webhook', 'contact.updated', ?, ?)`)
      .bind(crypto.randomUUID(), s.ws.id, s.endpoint.id, crypto.randomUUID(), JSON.stringify({ data: { contact: { id: s.contactId, email: s.person.email } } }))
      .run();
    expect(queued.meta.changes).toBe(1);
    const bystander = await env.DB.prepare(ofPerson).bind(s.ws.id, s.other.email).first<{ id: string }>();

    expect((await s.admin.client.delete(`/api/contacts/${s.contactId}`)).status).toBe(200);
    const rows = await env.DB.prepare(`SELECT id, event, event_id, payload, target_id, status, response_code FROM deliveries WHERE workspace_id = ?`).bind(s.ws.id).all<Record<string, string>>();
    const deleted = rows.results.filter((r) => r.event === "contact.deleted");
    expect(deleted).toHaveLength(1);
    expect(deleted[0]).toMatchObject({ target_id: s.endpoint.id, event_id: `erased-${s.contactId}`, status: "queued" });
    expect(JSON.parse(deleted[0]!.payload!)).toMatchObject({ event: "contact.deleted", workspaceId: s.ws.id, data: { contactId: s.contactId, mergedInto: null, erased: true } });
    const made = rows.results.find((r) => r.id === sent)!;
    expect(made).toMatchObject({ status: "delivered", response_code: 200 });
    expect(JSON.parse(made.payload!)).toEqual({ id: made.event_id, event: "contact.created", erased: true });
    expect(rows.results.filter((r) => r.event === "contact.updated")).toEqual([]);
    // The bystander's delivery is theirs, untouched.
    expect(rows.results.find((r) => r.id === bystander!.id)!.payload).toContain(s.other.email);
  });

  it("answers 404 to a second erasure once everything is gone, and keeps one erasures record of counts only", async () => {
    const s = await personEverywhere();
    const first = await s.admin.client.delete(`/api/contacts/${s.contactId}`);
    expect(first.status).toBe(200);
    const again = await s.admin.client.delete(`/api/contacts/${s.contactId}`);
    expect(again.status).toBe(404);
    expect(again.json.error.code).toBe("not_found");
    const records = await env.DB.prepare(`SELECT * FROM erasures WHERE contact_id = ?`).bind(s.contactId).all<Record<string, unknown>>();
    expect(records.results).toHaveLength(1);
    expect(records.results[0]).toMatchObject({ workspace_id: s.ws.id, erased_by: s.admin.user.id, at: first.json.at });
    expect(JSON.parse(String(records.results[0]!.report))).toEqual(first.json.erased);
  });
});

describe("who the person is", () => {
  it("a contact merged in by hand brings its visitors' conversations and its own address into the erasure", async () => {
    const s = await personEverywhere();
    // The same person on another device, captured under a work address, then merged by hand.
    const work = newPerson();
    const d = await visitorSession((await createInterface(s.ws.id)).id);
    const socket = await visitorSocket(d);
    const id = messageId();
    socket.send({ type: "message", id, text: `It's ${work.name}, ${work.phone}` });
    await socket.next((f) => f.type === "ack" && f.id === id);
    socket.close();
    const other = await s.agent.client.put(`/api/visitors/${d.visitorId}/contact`, { name: work.name, email: work.email, phone: work.phone });
    expect(other.json.mergedInto).toBeNull();
    expect((await s.agent.client.post(`/api/contacts/${s.contactId}/merge`, { otherId: other.json.id })).status).toBe(200);
    expect(await conversationHolding(d.conversationId, needles(work))).not.toEqual([]);

    const res = await s.admin.client.delete(`/api/contacts/${s.contactId}`);
    expect(res.status).toBe(200);
    expect(res.json.erased).toMatchObject({ contacts: 1, visitors: 3, conversations: 3 });
    expect(await conversationHolding(d.conversationId, needles(work))).toEqual([]);
    expect(await d1Holding([...needles(s.person), ...needles(work)])).toEqual([]);
  });
});

describe("an erasure that fails midway", () => {
  it("answers 503 naming the conversation that failed, keeps the contact, and the same request then finishes it with the counts of the whole", async () => {
    const s = await personEverywhere();
    const [a, b] = conversationsOf(s);
    const expected = await expectedCounts(s);
    // B's object cannot erase (its storage refuses): A's is erased, B's is not.
    await runInDurableObject(conversationObject(b!), (instance) => {
      (instance as unknown as Breakable).log.eraseAll = () => {
        throw new Error("storage unavailable");
      };
    });
    const failed = await s.admin.client.delete(`/api/contacts/${s.contactId}`);
    expect(failed.status).toBe(503);
    expect(failed.json.error).toMatchObject({ code: "erasure_incomplete", failed: [{ step: "conversation", id: b }] });
    expect(await conversationHolding(a!, needles(s.person))).toEqual([]);
    expect(await scalar(`SELECT count(*) AS n FROM contacts WHERE id = ?`, s.contactId)).toBe(1);
    expect(await scalar(`SELECT count(*) AS n FROM erasures WHERE contact_id = ?`, s.contactId)).toBe(0);
    expect(await scalar(`SELECT count(*) AS n FROM deliveries WHERE event = 'contact.deleted' AND workspace_id = ?`, s.ws.id)).toBe(0);

    await runInDurableObject(conversationObject(b!), (instance) => {
      delete (instance as unknown as Breakable).log.eraseAll;
    });
    const finished = await s.admin.client.delete(`/api/contacts/${s.contactId}`);
    expect(finished.status).toBe(200);
    expect(finished.json.erased).toEqual(expected);
    expect(await d1Holding(needles(s.person))).toEqual([]);
    expect(await conversationHolding(b!, needles(s.person))).toEqual([]);
  });
});

describe("who may erase a contact", () => {
  it("an agent is refused with 403 and the contact stays", async () => {
    const s = await personEverywhere();
    const res = await s.agent.client.delete(`/api/contacts/${s.contactId}`);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("forbidden");
    expect(await scalar(`SELECT count(*) AS n FROM contacts WHERE id = ?`, s.contactId)).toBe(1);
    expect(await conversationHolding(s.visitors.a.conversationId, needles(s.person))).not.toEqual([]);
  });

  it("an admin of another workspace gets 404 and the contact stays", async () => {
    const s = await personEverywhere();
    const elsewhere = await signedIn((await createWorkspace()).id, "admin");
    const res = await elsewhere.client.delete(`/api/contacts/${s.contactId}`);
    expect(res.status).toBe(404);
    expect(await scalar(`SELECT count(*) AS n FROM contacts WHERE id = ?`, s.contactId)).toBe(1);
  });

  it("a request without a session gets 401", async () => {
    const s = await personEverywhere();
    const res = await new Client().delete(`/api/contacts/${s.contactId}`);
    expect(res.status).toBe(401);
    expect(await scalar(`SELECT count(*) AS n FROM contacts WHERE id = ?`, s.contactId)).toBe(1);
  });
});
