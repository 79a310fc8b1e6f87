// An agent's reply to an offline thread, emailed through the real Resend SDK (its HTTP requests
// intercepted): who, what subject, the Reply-To back to the thread, the threading headers, the
// thread so far as text, the link; retried when the provider fails, and never sent twice.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "../src/db/client";
import { emails, offlineMessages } from "../src/db/schema";
import worker from "../src/index";
import { deliverEmail, EMAIL_MAX_ATTEMPTS, type EmailJob } from "../src/lib/mailer";
import { queueThreadReply } from "../src/offline/mail";
import { appendVisitorAnswer, threadMessages } from "../src/offline/threads";
import { accepted, agentReply, APP, INBOUND, interceptResend, offlineThread, providerDown, RESEND, resendEnv } from "./replyFixtures";
import type { Env } from "../src/env";

afterEach(() => vi.restoreAllMocks());

const emailRow = async (id: string) => (await getDb(env.DB).select().from(emails).where(eq(emails.id, id)))[0]!;

/** Runs the Worker's queue consumer on one delivery of `emailId`, as the queue would. */
async function consume(config: Env, emailId: string, attempts = 1) {
  const batch = createMessageBatch<EmailJob>("raibu-email", [{ id: crypto.randomUUID(), timestamp: Date.now(), attempts, body: { emailId } }]);
  const ctx = createExecutionContext();
  await worker.queue(batch, config);
  return getQueueResult(batch, ctx);
}

describe("the email of an agent's reply", () => {
  it("reaches Resend for the visitor with the thread's subject, a Reply-To back to the thread and threading headers", async () => {
    const { thread, agent } = await offlineThread({ email: "ada@example.test" });
    const reply = await agentReply(thread, agent, "Yes, we deliver to Lyon within a week.");
    const calls = interceptResend(accepted("re_first"));
    const { env: config } = resendEnv();

    const emailId = await queueThreadReply(config, thread, reply);
    expect(await deliverEmail(config, emailId)).toBe("done");

    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.url).toBe(`${RESEND}/emails`);
    expect(call!.headers.get("Authorization")).toBe("Bearer re_test_key");
    expect(call!.headers.get("Idempotency-Key")).toBe(`raibu-email-${emailId}`);
    expect(call!.body).toMatchObject({ to: "ada@example.test", subject: `Re: your message to ${thread.interfaceName}` });
    expect(call!.body.reply_to).toMatch(new RegExp(`^reply\\+${thread.replyKey}-[0-9a-z]+-[a-z2-7]{16}@${INBOUND.replace(/\./g, "\\.")}$`));
    expect(call!.body.reply_to.split("@")[0].length).toBeLessThanOrEqual(64);
    expect(call!.body.headers).toEqual({
      "Message-ID": `<reply-${reply.id}@${INBOUND}>`,
      "In-Reply-To": `<thread-${thread.id}@${INBOUND}>`,
      References: `<thread-${thread.id}@${INBOUND}>`,
    });
    const token = call!.body.reply_to.slice("reply+".length).split("@")[0];
    for (const body of [call!.body.text, call!.body.html]) {
      expect(body).toContain("Yes, we deliver to Lyon within a week.");
      expect(body).toContain("Do you deliver cargo bikes to Lyon?");
      expect(body).toContain(`${APP}/r/${token}`);
      expect(body).toContain("Write your answer above this line");
    }
    expect(await emailRow(emailId)).toMatchObject({ status: "sent", providerId: "re_first", text: "", html: "", replyTo: null });
  });

  it("shows the thread's messages as text: markup in them is escaped in the HTML and left as typed in the text", async () => {
    const { thread, agent } = await offlineThread({ message: `<script>alert("x")</script> & <b>bold</b>` });
    const reply = await agentReply(thread, agent, "Thanks <img src=x onerror=alert(1)>\nSecond line");
    const calls = interceptResend(accepted());
    const { env: config } = resendEnv();
    await deliverEmail(config, await queueThreadReply(config, thread, reply));

    const { html, text } = calls[0]!.body;
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>bold");
    expect(html).toContain("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#60;b&#62;bold&#60;/b&#62;");
    expect(html).toContain("Thanks &#60;img src=x onerror=alert(1)&#62;<br>Second line");
    expect(text).toContain(`<script>alert("x")</script> & <b>bold</b>`);
  });

  it("is written in French for a French thread", async () => {
    const { thread, agent } = await offlineThread({ lang: "fr", message: "Livrez-vous à Lyon ?" });
    const reply = await agentReply(thread, agent, "Oui, sous une semaine.");
    const calls = interceptResend(accepted());
    const { env: config } = resendEnv();
    await deliverEmail(config, await queueThreadReply(config, thread, reply));
    const { subject, text } = calls[0]!.body;
    expect(subject).toBe(`Re : votre message à ${thread.interfaceName}`);
    expect(text).toContain("Écrivez votre réponse au-dessus de cette ligne");
    expect(text).toContain("a répondu à votre message");
    expect(text).toContain("Plus tôt dans cette conversation");
    expect(text).toContain("Vous, ");
  });

  it("keeps every email of a thread under one References root, and answers the visitor's latest emailed answer", async () => {
    const { thread, agent } = await offlineThread();
    const first = await agentReply(thread, agent, "First answer.");
    await appendVisitorAnswer(env, thread, { text: "A question more.", via: "email", dedupeKey: "<CAF00d@mail.example.test>" });
    const second = await agentReply(thread, agent, "Second answer.");
    const calls = interceptResend(accepted());
    const { env: config } = resendEnv();
    await deliverEmail(config, await queueThreadReply(config, thread, first));
    await deliverEmail(config, await queueThreadReply(config, thread, second));

    const [one, two] = calls.map((c) => c.body.headers);
    expect(one["Message-ID"]).not.toBe(two["Message-ID"]);
    expect(two).toMatchObject({ "In-Reply-To": "<CAF00d@mail.example.test>", References: `<thread-${thread.id}@${INBOUND}> <CAF00d@mail.example.test>` });
    expect(one.References.split(" ")[0]).toBe(two.References.split(" ")[0]);
    // The second email shows the whole thread before it, the visitor's emailed answer included.
    expect(calls[1]!.body.text).toContain("A question more.");
    expect(calls[1]!.body.text).toContain("First answer.");
    expect(calls[0]!.body.text).not.toContain("Second answer.");
  });

  it("has no Reply-To without an inbound domain, and sends the visitor to the link instead", async () => {
    const { thread, agent } = await offlineThread();
    const reply = await agentReply(thread, agent, "Answer.");
    const calls = interceptResend(accepted());
    const { env: config } = resendEnv({ INBOUND_DOMAIN: "" });
    await deliverEmail(config, await queueThreadReply(config, thread, reply));
    expect(calls[0]!.body.reply_to).toBeUndefined();
    expect(calls[0]!.body.text).not.toContain("above this line");
    expect(calls[0]!.body.text).toContain("To answer, open this page:");
    expect(calls[0]!.body.headers["Message-ID"]).toBe(`<reply-${reply.id}@raibu.local>`);
  });

  it("takes the request's origin for its link when the deployment has no APP_ORIGIN", async () => {
    const { thread, agent } = await offlineThread();
    const reply = await agentReply(thread, agent, "Answer.");
    const calls = interceptResend(accepted());
    const { env: config } = resendEnv({ APP_ORIGIN: "" });
    await expect(queueThreadReply(config, thread, reply)).rejects.toThrow(/origin/);
    await deliverEmail(config, await queueThreadReply(config, thread, reply, "http://localhost:8787"));
    expect(calls[0]!.body.text).toMatch(/http:\/\/localhost:8787\/r\/[a-z0-9-]+/);
  });
});

describe("delivering a reply through the queue", () => {
  it("a provider 500 is retried with back-off and the next attempt delivers it exactly once, under the same idempotency key", async () => {
    const { thread, agent } = await offlineThread();
    const reply = await agentReply(thread, agent, "Answer.");
    const calls = interceptResend(providerDown, accepted("re_second"));
    const { env: config, queued } = resendEnv();
    const emailId = await queueThreadReply(config, thread, reply);
    expect(queued).toEqual([{ emailId }]);

    // (The test batch records that a message was retried, not its delay: retryDelaySeconds sets the back-off.)
    const first = await consume(config, emailId, 1);
    expect(first.retryMessages).toHaveLength(1);
    expect(await emailRow(emailId)).toMatchObject({ status: "queued", attempts: 1, lastError: "provider down" });

    const second = await consume(config, emailId, 2);
    expect(second.retryMessages).toEqual([]);
    expect(second.explicitAcks).toHaveLength(1);
    expect(calls).toHaveLength(2);
    expect(calls.map((c) => c.headers.get("Idempotency-Key"))).toEqual([`raibu-email-${emailId}`, `raibu-email-${emailId}`]);
    expect(await emailRow(emailId)).toMatchObject({ status: "sent", attempts: 2, providerId: "re_second", lastError: null });
  });

  it("a provider that does not answer in time counts as a failed attempt, retried later", async () => {
    const { thread, agent } = await offlineThread();
    const reply = await agentReply(thread, agent, "Answer.");
    const calls = interceptResend(() => Promise.reject(new DOMException("The operation timed out.", "TimeoutError")), accepted());
    const { env: config } = resendEnv();
    const emailId = await queueThreadReply(config, thread, reply);
    expect((await consume(config, emailId)).retryMessages).toHaveLength(1);
    expect((await emailRow(emailId)).status).toBe("queued");
    await consume(config, emailId, 2);
    expect(calls).toHaveLength(2);
    expect((await emailRow(emailId)).status).toBe("sent");
  });

  it("a queue message delivered again after the email left sends nothing more", async () => {
    const { thread, agent } = await offlineThread();
    const reply = await agentReply(thread, agent, "Answer.");
    const calls = interceptResend(accepted());
    const { env: config } = resendEnv();
    const emailId = await queueThreadReply(config, thread, reply);
    await consume(config, emailId);
    const again = await consume(config, emailId, 2);
    expect(again.explicitAcks).toHaveLength(1);
    expect(calls).toHaveLength(1);
  });

  it("two deliveries of the same queue message at once send the email once", async () => {
    const { thread, agent } = await offlineThread();
    const reply = await agentReply(thread, agent, "Answer.");
    const calls = interceptResend(accepted());
    const { env: config } = resendEnv();
    const emailId = await queueThreadReply(config, thread, reply);
    const outcomes = await Promise.all([deliverEmail(config, emailId), deliverEmail(config, emailId)]);
    expect(outcomes).toEqual(["done", "done"]);
    expect(calls).toHaveLength(1);
    expect(await emailRow(emailId)).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("after the last try the reply shows as failed on the thread, with the provider's error", async () => {
    const { thread, agent } = await offlineThread();
    const reply = await agentReply(thread, agent, "Answer.");
    interceptResend(providerDown);
    const { env: config } = resendEnv();
    const emailId = await queueThreadReply(config, thread, reply);
    await getDb(env.DB).update(offlineMessages).set({ emailId }).where(eq(offlineMessages.id, reply.id));
    for (let attempt = 1; attempt <= EMAIL_MAX_ATTEMPTS; attempt++) await consume(config, emailId, attempt);

    const shown = (await threadMessages(getDb(env.DB), thread.workspaceId, thread.id)).find((m) => m.id === reply.id);
    expect(shown!.delivery).toMatchObject({ emailId, status: "failed", attempts: EMAIL_MAX_ATTEMPTS, lastError: "provider down" });
    expect(await emailRow(emailId)).toMatchObject({ text: "", html: "", replyTo: null });
  });

  it("on a developer's machine the reply waits in the dev outbox with its link and Reply-To", async () => {
    const { thread, agent } = await offlineThread();
    const reply = await agentReply(thread, agent, "Answer.");
    const config: Env = { ...env, APP_ORIGIN: "http://localhost:8787", INBOUND_DOMAIN: "localhost", EMAIL_QUEUE: { send: async () => {} } as never };
    const emailId = await queueThreadReply(config, thread, reply);
    expect(await deliverEmail(config, emailId)).toBe("done");
    const row = await emailRow(emailId);
    expect(row.status).toBe("dev_outbox");
    expect(row.text).toMatch(/http:\/\/localhost:8787\/r\/[a-z0-9-]+/);
    expect(row.replyTo).toMatch(/^reply\+[a-z0-9-]+@localhost$/);
  });
});
