// Fixtures of the email loop's tests: an offline thread made from a form, an agent's reply in it,
// a deployment that sends through Resend at an intercepted address, and what Resend was asked.
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import type { Lang } from "@raibu/protocol/lang";
import type { Env } from "../src/env";
import type { EmailJob } from "../src/lib/mailer";
import { getDb } from "../src/db/client";
import { offlineThreads } from "../src/db/schema";
import { appendMessage, findThread, newReplyKey, type OfflineThread } from "../src/offline/threads";
import { createInterface, createUser, createWorkspace, unique } from "./helpers";

export const APP = "https://chat.example.test";
export const INBOUND = "reply.example.test";
export const RESEND = "http://resend.test";

export async function offlineThread(options: { lang?: Lang; message?: string; email?: string; name?: string } = {}) {
  const ws = await createWorkspace();
  const iface = await createInterface(ws.id, { language: options.lang ?? "en" });
  // The row as the offline form makes it, and the form's message through the same append as every other.
  const id = crypto.randomUUID();
  await getDb(env.DB)
    .insert(offlineThreads)
    .values({
      id,
      workspaceId: ws.id,
      interfaceId: iface.id,
      conversationId: unique("conv"),
      name: options.name ?? "Ada Lovelace",
      email: options.email ?? `${unique("visitor")}@example.test`,
      lang: options.lang ?? "en",
      lastMessageAt: Date.now(),
      replyKey: newReplyKey(),
    });
  const row = (await findThread(getDb(env.DB), ws.id, id))!;
  await appendMessage(env, row, { author: "visitor", text: options.message ?? "Do you deliver cargo bikes to Lyon?", via: "form", dedupeKey: unique("submission") });
  const thread = (await findThread(getDb(env.DB), ws.id, id))!;
  const agent = await createUser(ws.id, "agent");
  return { ws, iface, thread, agent };
}

export async function agentReply(thread: OfflineThread, agent: { id: string }, text: string) {
  const { message } = await appendMessage(env, thread, { author: "agent", userId: agent.id, text, via: "console", dedupeKey: unique("reply") });
  return message;
}

/** A deployment with Resend (at an intercepted address), a public origin and, unless said otherwise, an inbound domain. */
export function resendEnv(overrides: Partial<Env> = {}) {
  const queued: EmailJob[] = [];
  const config: Env = {
    ...env,
    DEV_OUTBOX: undefined,
    RESEND_API_KEY: "re_test_key",
    RESEND_BASE_URL: RESEND,
    APP_ORIGIN: APP,
    INBOUND_DOMAIN: INBOUND,
    EMAIL_QUEUE: { send: async (job: EmailJob) => void queued.push(job) } as never,
    ...overrides,
  };
  return { env: config, queued };
}

export interface ResendCall {
  url: string;
  headers: Headers;
  body: any;
}

/**
 * Answers the Resend SDK's HTTP requests with `answers` in turn (the last one again after),
 * recording each request as the SDK made it: the SDK itself runs unchanged.
 */
export function interceptResend(...answers: Array<() => Response | Promise<Response>>) {
  const calls: ResendCall[] = [];
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input as RequestInfo, init as RequestInit);
    if (!request.url.startsWith(RESEND)) return realFetch(input as RequestInfo, init as RequestInit);
    calls.push({ url: request.url, headers: request.headers, body: await request.json() });
    const answer = answers[Math.min(calls.length, answers.length) - 1]!;
    return answer();
  });
  return calls;
}

export const accepted = (id = `re_${crypto.randomUUID()}`) => () => Response.json({ id });
export const providerDown = () => Response.json({ statusCode: 500, name: "internal_server_error", message: "provider down" }, { status: 500 });
