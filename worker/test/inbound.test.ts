// The Worker's email() handler: a visitor's emailed answer lands once in its thread; mail for an
// unknown, altered or expired address is refused politely and lands nowhere; robots are ignored.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../src/db/client";
import { chatInterfaces, offlineMessages, offlineThreads } from "../src/db/schema";
import type { Env } from "../src/env";
import worker from "../src/index";
import { issueReplyToken, replyAddress, signReplyToken } from "../src/offline/replyTokens";
import { threadMessages } from "../src/offline/threads";
import autoReply from "./fixtures/mail/auto-reply.eml?raw";
import frenchQp from "./fixtures/mail/french-quoted-printable.eml?raw";
import gmail from "./fixtures/mail/gmail-reply.eml?raw";
import { offlineThread } from "./replyFixtures";
import { unique } from "./helpers";

const INBOUND = "reply.example.test";
const config: Env = { ...env, INBOUND_DOMAIN: INBOUND };

/** The message the runtime hands the email() handler, from a raw sample addressed to `to`. */
function incoming(raw: string, to: string, from = `${unique("sender")}@example.test`) {
  const bytes = new TextEncoder().encode(raw.replaceAll("{{TO}}", to));
  const rejected: string[] = [];
  const message = {
    from,
    to,
    headers: new Headers(),
    raw: new Response(bytes).body!,
    rawSize: bytes.byteLength,
    canBeForwarded: false,
    setReject: (reason: string) => void rejected.push(reason),
    forward: async () => ({ messageId: "" }),
    reply: async () => ({ messageId: "" }),
  } as unknown as ForwardableEmailMessage;
  return { message, rejected };
}

async function deliver(raw: string, to: string, from?: string, deployment = config) {
  const mail = incoming(raw, to, from);
  await worker.email(mail.message, deployment);
  return mail.rejected;
}

async function addressOf(thread: Parameters<typeof issueReplyToken>[1]) {
  return replyAddress(config, (await issueReplyToken(config, thread)).token)!;
}

const visitorMessages = async (threadId: string) =>
  (await getDb(env.DB).select().from(offlineMessages).where(eq(offlineMessages.threadId, threadId))).filter((m) => m.via === "email");

describe("an emailed answer", () => {
  it("lands in its thread without the quoted history, unread, once even when the same email arrives twice", async () => {
    const { ws, thread } = await offlineThread();
    await getDb(env.DB).update(offlineThreads).set({ unread: false }).where(eq(offlineThreads.id, thread.id));
    const to = await addressOf(thread);
    expect(await deliver(gmail, to)).toEqual([]);
    expect(await deliver(gmail, to)).toEqual([]);

    const answers = (await threadMessages(getDb(env.DB), ws.id, thread.id)).filter((m) => m.via === "email");
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ author: "visitor", text: "Great, then I would like the blue cargo bike.\nCan you deliver on a Saturday?" });
    const [row] = await getDb(env.DB).select().from(offlineThreads).where(eq(offlineThreads.id, thread.id));
    expect(row).toMatchObject({ unread: true, lastAuthor: "visitor", preview: "Great, then I would like the blue cargo bike." });
    expect((await visitorMessages(thread.id))[0]!.dedupeKey).toBe("<CAGmail-ada-0001@mail.gmail.com>");
  });

  it("keeps French accents of a quoted-printable answer", async () => {
    const { thread } = await offlineThread({ lang: "fr" });
    expect(await deliver(frenchQp, await addressOf(thread))).toEqual([]);
    expect((await visitorMessages(thread.id))[0]!.text).toBe("Merci beaucoup ! Je préfère une livraison à domicile, c’est très pratique pour moi.\n\nÀ samedi,\nAmélie");
  });

  it("reaches the thread even when a mail system upper-cased the address", async () => {
    const { thread } = await offlineThread();
    expect(await deliver(gmail, (await addressOf(thread)).toUpperCase())).toEqual([]);
    expect(await visitorMessages(thread.id)).toHaveLength(1);
  });
});

describe("mail that is not an answer to a thread", () => {
  it("an unknown address is refused with a polite reason, and nothing is appended anywhere", async () => {
    const before = (await getDb(env.DB).select().from(offlineMessages)).length;
    const rejected = await deliver(gmail, `reply+${"a".repeat(20)}-zzzzzz-${"a".repeat(16)}@${INBOUND}`);
    expect(rejected).toEqual(["This address does not accept messages. Use the link in the email you received, or start a new conversation on the website."]);
    expect(await deliver(gmail, `support@${INBOUND}`)).toHaveLength(1);
    expect((await getDb(env.DB).select().from(offlineMessages)).length).toBe(before);
  });

  it("an address whose signature was altered, or that names another thread, is refused and appends to neither thread", async () => {
    const { thread } = await offlineThread();
    const { thread: other } = await offlineThread();
    const to = await addressOf(thread);
    const altered = to.replace(/[a-z2-7](@)/, (m, at) => `${m[0] === "a" ? "b" : "a"}${at}`);
    expect(await deliver(gmail, altered)).toHaveLength(1);
    expect(await deliver(gmail, to.replace(thread.replyKey, other.replyKey))).toHaveLength(1);
    expect(await visitorMessages(thread.id)).toEqual([]);
    expect(await visitorMessages(other.id)).toEqual([]);
  });

  it("an expired address is refused in the thread's language, in plain ASCII, and appends nothing", async () => {
    const { thread, iface } = await offlineThread({ lang: "fr" });
    const [row] = await getDb(env.DB).select().from(chatInterfaces).where(eq(chatInterfaces.id, iface.id));
    const expired = await signReplyToken(row!.signingKey, thread.replyKey, Date.now() - 1000);
    const rejected = await deliver(frenchQp, `reply+${expired}@${INBOUND}`);
    expect(rejected).toEqual(["Cette adresse de reponse a expire. Commencez une nouvelle conversation sur le site pour nous ecrire a nouveau."]);
    expect(await visitorMessages(thread.id)).toEqual([]);
  });

  it("an address at another domain than INBOUND_DOMAIN is refused", async () => {
    const { thread } = await offlineThread();
    const to = (await addressOf(thread)).replace(`@${INBOUND}`, "@elsewhere.test");
    expect(await deliver(gmail, to)).toHaveLength(1);
    expect(await visitorMessages(thread.id)).toEqual([]);
  });

  it("an out-of-office answer is dropped: neither appended nor bounced back to the robot", async () => {
    const { thread } = await offlineThread();
    expect(await deliver(autoReply, await addressOf(thread))).toEqual([]);
    expect(await visitorMessages(thread.id)).toEqual([]);
  });

  it("an email with nothing but the quoted history is refused with a reason", async () => {
    const { thread } = await offlineThread();
    const quotedOnly = gmail.replace("Great, then I would like the blue cargo bike.\nCan you deliver on a Saturday?\n", "").replace(/<div dir="ltr">Great[\s\S]*?<\/div><\/div>/, "");
    const rejected = await deliver(quotedOnly, await addressOf(thread));
    expect(rejected[0]).toMatch(/^We could not find any text in your message/);
    expect(await visitorMessages(thread.id)).toEqual([]);
  });
});

describe("the inbound rate limit", () => {
  it("a thread that receives more than 10 emails a minute refuses the next, whoever sends them", async () => {
    const { thread } = await offlineThread();
    const to = await addressOf(thread);
    for (let i = 0; i < 10; i++) {
      expect(await deliver(gmail.replace("CAGmail-ada-0001", `burst-${i}`), to)).toEqual([]);
    }
    const rejected = await deliver(gmail.replace("CAGmail-ada-0001", "burst-10"), to);
    expect(rejected).toEqual(["Too many messages in a short time. Wait a few minutes and send your answer again."]);
    expect(await visitorMessages(thread.id)).toHaveLength(10);
  });

  it("one sender writing to many addresses is cut off after 10 a minute", async () => {
    const sender = `${unique("guesser")}@example.test`;
    for (let i = 0; i < 10; i++) await deliver(gmail, `reply+${unique("x").toLowerCase()}-zz-aaaa@${INBOUND}`, sender);
    const last = await deliver(gmail, `reply+whatever-zz-aaaa@${INBOUND}`, sender);
    expect(last).toEqual(["Too many messages in a short time. Wait a few minutes and send your answer again."]);
  });
});
