// Erasure fixtures: a person who left their name, email and phone everywhere Raibu keeps things
// (chat messages, a file, the offline form and an agent's emailed reply, a note, the contact, a
// booking from a second device under the same email, a webhook's delivery), made through the real
// endpoints; and the scans that look for them in every D1 table and every Durable Object.
import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { ALWAYS, APPOINTMENT_FLOW, asVisitor, bookingBody, slotAhead } from "./bookingFixtures";
import { Client, conversationObject, createInterface, createWorkspace, messageId, signedIn, unique, visitorSession, visitorSocket } from "./helpers";
import { addEndpoint } from "./webhookFixtures";

/** A name, address and phone no other row of the file holds. */
export function newPerson() {
  const tag = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => String.fromCharCode(97 + (b % 26))).join("");
  const digits = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => String(b % 10)).join("");
  const surname = `Quintana${tag}`;
  return {
    name: `Zoé ${surname}`,
    surname,
    email: `zoe.${tag}@example.test`,
    phone: `+33 6 ${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4, 6)} ${digits.slice(6, 8)}`,
    digits: `336${digits}`,
  };
}
export type Person = ReturnType<typeof newPerson>;

/** What a scan looks for: the surname, the address, the phone as typed and as bare digits. */
export function needles(p: Person): string[] {
  return [p.surname.toLowerCase(), p.email.toLowerCase(), p.phone, p.digits];
}

async function sendMessage(socket: Awaited<ReturnType<typeof visitorSocket>>, text: string, attachment?: { key: string }) {
  const id = messageId();
  socket.send({ type: "message", id, text, ...(attachment ? { attachment } : {}) });
  await socket.next((f) => f.type === "ack" && f.id === id);
}

async function upload(session: { visitorToken: string; conversationId: string }, text: string) {
  const form = new FormData();
  form.append("file", new File([text], "about-me.txt", { type: "text/plain" }));
  const res = await exports.default.fetch(`http://localhost/api/widget/attachments?conversation=${session.conversationId}`, {
    method: "POST",
    headers: { Origin: "http://localhost", Authorization: `Bearer ${session.visitorToken}`, "CF-Connecting-IP": unique("ip") },
    body: form,
  });
  const json = (await res.json()) as { key: string };
  if (res.status !== 200) throw new Error(`upload: ${JSON.stringify(json)}`);
  return json.key;
}

function expectOk(res: { status: number; json: unknown }, what: string) {
  if (res.status !== 200 && res.status !== 201) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json as any;
}

/**
 * The person, in a workspace with an admin, an agent and a webhook endpoint hearing contact events:
 * visitor A chats (a message with all three, a file), leaves the offline form, gets an agent's
 * emailed reply and a note, and is marked as a contact; visitor B (another device) books an
 * appointment under the same email. `bystander` is another visitor and contact of the workspace.
 */
export async function personEverywhere(person = newPerson()) {
  const ws = await createWorkspace();
  const admin = await signedIn(ws.id, "admin");
  const agent = await signedIn(ws.id, "agent");
  const endpoint = await addEndpoint(ws.id, ["contact.created", "contact.updated", "contact.deleted"]);
  const chat = await createInterface(ws.id, { whenNobodyOnline: "offline_form" });

  const a = await visitorSession(chat.id);
  const socket = await visitorSocket(a);
  await sendMessage(socket, `Hi, I am ${person.name}, write to ${person.email} or call ${person.phone}`);
  const fileKey = await upload(a, `${person.name} ${person.phone}`);
  await sendMessage(socket, "", { key: fileKey });
  socket.send({ type: "request", kind: "live" });
  await socket.next((f) => f.type === "state" && f.conversation.status === "offline_form");
  const form = { id: unique("sub").replace(/-/g, "_"), name: person.name, email: person.email, phone: person.phone, message: `Please call ${person.name} back` };
  const submitted = expectOk(await new Client().request("POST", `/api/widget/conversations/${a.conversationId}/offline-form`, form, { Authorization: `Bearer ${a.visitorToken}` }), "offline form");
  expectOk(await agent.client.post(`/api/offline/threads/${submitted.threadId}/replies`, { id: unique("reply").replace(/-/g, "_"), text: `Hello ${person.name}, we will call you.` }), "reply");
  expectOk(await agent.client.post(`/api/visitors/${a.visitorId}/notes`, { body: `${person.surname} wants a quote, ${person.phone}` }), "note");
  const contact = expectOk(await agent.client.put(`/api/visitors/${a.visitorId}/contact`, { name: person.name, email: person.email, phone: person.phone, company: "Acme" }), "contact");
  socket.close();

  const booking = await createInterface(ws.id, { flow: APPOINTMENT_FLOW });
  expectOk(await admin.client.put(`/api/interfaces/${booking.id}/appointment-settings`, ALWAYS), "appointment settings");
  const b = await visitorSession(booking.id);
  const booked = expectOk(await asVisitor(b).book(bookingBody(slotAhead(), { name: person.name, email: person.email })), "booking");

  const other = newPerson();
  const c = await visitorSession(chat.id);
  const bystander = expectOk(await agent.client.put(`/api/visitors/${c.visitorId}/contact`, { name: other.name, email: other.email, phone: other.phone }), "bystander");

  return {
    person,
    other,
    ws,
    admin,
    agent,
    endpoint,
    contactId: contact.id as string,
    threadId: submitted.threadId as string,
    appointmentId: (booked.appointment?.id ?? booked.id) as string,
    fileKey,
    visitors: { a, b, c },
    bystanderId: bystander.id as string,
  };
}

/** Every D1 table's rows (FTS5 shadow tables too, their blobs read as bytes) that hold one of `needles`, as "table: row". */
export async function d1Holding(needleList: string[]): Promise<string[]> {
  const tables = await env.DB.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'`).all<{ name: string }>();
  const found: string[] = [];
  for (const { name } of tables.results) {
    const rows = await env.DB.prepare(`SELECT * FROM "${name}"`).all<Record<string, unknown>>();
    for (const row of rows.results) {
      const text = Object.values(row)
        .map((v) => (v instanceof ArrayBuffer || Array.isArray(v) ? new TextDecoder("latin1").decode(new Uint8Array(v as ArrayBuffer)) : String(v)))
        .join(" | ")
        .toLowerCase();
      if (needleList.some((n) => text.includes(n.toLowerCase()))) found.push(`${name}: ${text.slice(0, 300)}`);
    }
  }
  return found;
}

/** A conversation object's stored rows (messages and state) that hold one of `needles`. */
export async function conversationHolding(conversationId: string, needleList: string[]): Promise<string[]> {
  return runInDurableObject(conversationObject(conversationId), (_instance, state) => {
    const rows = [...state.storage.sql.exec(`SELECT * FROM messages`), ...state.storage.sql.exec(`SELECT * FROM meta`)];
    return rows.map((r) => JSON.stringify(r)).filter((text) => needleList.some((n) => text.toLowerCase().includes(n.toLowerCase())));
  });
}

/** The workspace lobby's stored rows that hold one of `needles`. */
export async function lobbyHolding(workspaceId: string, needleList: string[]): Promise<string[]> {
  return runInDurableObject(env.WORKSPACES.get(env.WORKSPACES.idFromName(workspaceId)), (_instance, state) =>
    [...state.storage.sql.exec(`SELECT data FROM lobby`)].map((r) => String(r.data)).filter((text) => needleList.some((n) => text.toLowerCase().includes(n.toLowerCase()))),
  );
}

/** How many messages a conversation object holds. */
export async function messageCount(conversationId: string): Promise<number> {
  return runInDurableObject(conversationObject(conversationId), (_instance, state) => state.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM messages`).one().n);
}

export async function scalar(query: string, ...params: unknown[]): Promise<number> {
  const row = await env.DB.prepare(query).bind(...params).first<{ n: number }>();
  return row?.n ?? 0;
}

