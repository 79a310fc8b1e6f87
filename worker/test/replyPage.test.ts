// The public reply page of an emailed link: the thread as text and a form, an answer appended
// once and the page shown again (PRG), clear pages for altered and expired links, the Origin
// check, and the per-address limits.
import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../src/db/client";
import { chatInterfaces, offlineMessages, offlineThreads } from "../src/db/schema";
import { issueReplyToken, signReplyToken } from "../src/offline/replyTokens";
import { ORIGIN, unique } from "./helpers";
import { agentReply, offlineThread } from "./replyFixtures";

async function get(path: string, ip = unique("ip"), headers: Record<string, string> = {}) {
  const res = await exports.default.fetch(`${ORIGIN}${path}`, { headers: { "CF-Connecting-IP": ip, ...headers } });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

async function post(path: string, fields: Record<string, string>, { ip = unique("ip"), origin = ORIGIN as string | null } = {}) {
  const res = await exports.default.fetch(`${ORIGIN}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "CF-Connecting-IP": ip, "Content-Type": "application/x-www-form-urlencoded", ...(origin ? { Origin: origin } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

const formId = (html: string) => /name="id" value="([^"]+)"/.exec(html)![1]!;
const linkAnswers = async (threadId: string) =>
  (await getDb(env.DB).select().from(offlineMessages).where(eq(offlineMessages.threadId, threadId))).filter((m) => m.via === "link");

async function expiredToken(thread: { replyKey: string }, interfaceId: string) {
  const [row] = await getDb(env.DB).select().from(chatInterfaces).where(eq(chatInterfaces.id, interfaceId));
  return signReplyToken(row!.signingKey, thread.replyKey, Date.now() - 1000);
}

describe("the reply page", () => {
  it("shows the thread as text in its language: a <script> in a message stays text, and the page runs no script", async () => {
    const { thread, agent } = await offlineThread({ message: `<script>alert("pwned")</script> Do you deliver?` });
    await agentReply(thread, agent, "Yes <b>we do</b>.");
    const { token } = await issueReplyToken(env, thread);
    const page = await get(`/r/${token}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<html lang="en">');
    expect(page.html).toContain(`Your conversation with ${thread.interfaceName}`);
    expect(page.html).toContain("&#60;script&#62;alert(&#34;pwned&#34;)&#60;/script&#62; Do you deliver?");
    expect(page.html).toContain("Yes &#60;b&#62;we do&#60;/b&#62;.");
    expect(page.html).not.toMatch(/<script/i);
    expect(page.html).toContain(`<form method="post" action="/r/${token}">`);
    const csp = page.headers.get("Content-Security-Policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("script-src");
    expect(csp).toContain("form-action 'self'");
    expect(page.headers.get("X-Frame-Options")).toBe("DENY");
    expect(page.headers.get("Cache-Control")).toBe("no-store");
    expect(page.headers.get("Referrer-Policy")).toBe("same-origin");
  });

  it("is in French for a French thread, whatever the browser asks for", async () => {
    const { thread } = await offlineThread({ lang: "fr", message: "Livrez-vous à Lyon ?" });
    const { token } = await issueReplyToken(env, thread);
    const page = await get(`/r/${token}`, undefined, { "Accept-Language": "en-GB" });
    expect(page.html).toContain('<html lang="fr">');
    expect(page.html).toContain("Votre réponse");
    expect(page.headers.get("Content-Language")).toBe("fr");
  });

  it("an answer is appended once even when the form is sent twice, and the page comes back with a thank-you (PRG)", async () => {
    const { ws, thread } = await offlineThread();
    await getDb(env.DB).update(offlineThreads).set({ unread: false }).where(eq(offlineThreads.id, thread.id));
    const { token } = await issueReplyToken(env, thread);
    const id = formId((await get(`/r/${token}`)).html);
    const first = await post(`/r/${token}`, { id, text: "  Saturday works, thanks!  " });
    const again = await post(`/r/${token}`, { id, text: "  Saturday works, thanks!  " });
    for (const res of [first, again]) {
      expect(res.status).toBe(303);
      expect(res.headers.get("Location")).toBe(`/r/${token}?sent=1`);
    }
    expect((await linkAnswers(thread.id)).map((m) => m.text)).toEqual(["Saturday works, thanks!"]);
    const [row] = await getDb(env.DB).select().from(offlineThreads).where(eq(offlineThreads.id, thread.id));
    expect(row).toMatchObject({ unread: true, lastAuthor: "visitor", workspaceId: ws.id });
    const after = await get(`/r/${token}?sent=1`);
    expect(after.html).toContain("Thank you, your answer was sent.");
    expect(after.html).toContain("Saturday works, thanks!");
    expect(formId(after.html)).not.toBe(id);
  });

  it("an empty or too long answer comes back with a clear error, the text kept, and nothing appended", async () => {
    const { thread } = await offlineThread();
    const { token } = await issueReplyToken(env, thread);
    const id = formId((await get(`/r/${token}`)).html);
    const empty = await post(`/r/${token}`, { id, text: "   " });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain("Write your answer before sending it.");
    const long = "x".repeat(5001);
    const tooLong = await post(`/r/${token}`, { id, text: long });
    expect(tooLong.status).toBe(400);
    expect(tooLong.html).toContain("Answers are limited to 5,000 characters.");
    expect(tooLong.html).toContain(long);
    expect(formId(tooLong.html)).toBe(id);
    expect(await linkAnswers(thread.id)).toEqual([]);
  });

  it("a form posted from another site, or with no Origin, is refused with 403 and appends nothing", async () => {
    const { thread } = await offlineThread();
    const { token } = await issueReplyToken(env, thread);
    const id = formId((await get(`/r/${token}`)).html);
    for (const origin of ["https://evil.example", "null", null]) {
      const res = await post(`/r/${token}`, { id, text: "Forged" }, { origin });
      expect(res.status, String(origin)).toBe(403);
      expect(res.html).toContain("could not be sent from here");
      expect(res.html).not.toContain("Forged");
    }
    expect(await linkAnswers(thread.id)).toEqual([]);
  });
});

describe("links that do not open a thread", () => {
  it("an altered link gets a 404 page in the browser's language that shows no thread and offers no link", async () => {
    const { thread } = await offlineThread();
    const { token } = await issueReplyToken(env, thread);
    const altered = token.slice(0, -1) + (token.endsWith("a") ? "b" : "a");
    const page = await get(`/r/${altered}`, undefined, { "Accept-Language": "fr-FR,fr;q=0.9" });
    expect(page.status).toBe(404);
    expect(page.html).toContain("Ce lien ne fonctionne pas");
    expect(page.html).not.toContain("Do you deliver cargo bikes");
    expect(page.html).not.toContain("<form");
    expect(page.html).not.toContain("<a ");
    expect((await post(`/r/${altered}`, { id: "abcdefgh-1", text: "Hello" })).status).toBe(404);
    expect(await linkAnswers(thread.id)).toEqual([]);
    expect((await get("/r/not-a-token")).status).toBe(404);
  });

  it("an expired link gets a 410 page in the thread's language that offers a new conversation on the interface's site", async () => {
    const { thread, iface } = await offlineThread({ lang: "fr" });
    const token = await expiredToken(thread, iface.id);
    const page = await get(`/r/${token}`, undefined, { "Accept-Language": "en" });
    expect(page.status).toBe(410);
    expect(page.html).toContain("Ce lien a expiré");
    expect(page.html).toContain('<a href="https://customer.example/" rel="noopener noreferrer">Commencer une nouvelle conversation');
    expect(page.html).not.toContain("<form");
    expect((await post(`/r/${token}`, { id: "abcdefgh-1", text: "Bonjour" })).status).toBe(410);
    expect(await linkAnswers(thread.id)).toEqual([]);
  });
});

describe("the reply page's rate limits", () => {
  it("one address reading reply pages gets 429 past 60 a minute, with Retry-After", async () => {
    const { thread } = await offlineThread();
    const { token } = await issueReplyToken(env, thread);
    const ip = unique("ip");
    for (let i = 0; i < 60; i++) expect((await get(`/r/${token}`, ip)).status).toBe(200);
    const over = await get(`/r/${token}`, ip);
    expect(over.status).toBe(429);
    expect(over.headers.get("Retry-After")).toBe("60");
    expect(over.html).toContain("Too many requests from your network");
    expect((await get(`/r/${token}`)).status).toBe(200);
  });

  it("one address answering gets 429 past 10 answers a minute, and the 11th is not appended", async () => {
    const { thread } = await offlineThread();
    const { token } = await issueReplyToken(env, thread);
    const ip = unique("ip");
    for (let i = 0; i < 10; i++) expect((await post(`/r/${token}`, { id: `answer-${i}-abc`, text: `Answer ${i}` }, { ip })).status).toBe(303);
    expect((await post(`/r/${token}`, { id: "answer-10-abc", text: "Answer 10" }, { ip })).status).toBe(429);
    expect(await linkAnswers(thread.id)).toHaveLength(10);
  });
});
