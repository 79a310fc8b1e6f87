// Webhook test fixtures: endpoints written into D1 with a sealed secret, an environment whose
// queues only record what was sent, the delivery consumer run by hand, and the receivers' side
// (outbound fetch intercepted, answers scripted per call).
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { vi } from "vitest";
import type { WebhookEvent } from "@raibu/protocol/integrations";
import { getDb } from "../src/db/client";
import { deliveries, webhookEndpoints } from "../src/db/schema";
import type { Env } from "../src/env";
import worker from "../src/index";
import type { DeliveryJob } from "../src/integrations/events";
import type { EmailJob } from "../src/lib/mailer";
import { newId } from "../src/lib/crypto";
import { seal } from "../src/lib/secretBox";
import { unique } from "./helpers";

export const HOOKS = "https://hooks.example.com";

export interface HookCall {
  url: string;
  headers: Headers;
  body: string;
  redirect: RequestInit["redirect"];
}

/**
 * Intercepts fetches to HOOKS: each call gets the next answer (the last one repeats). Other
 * addresses go out as usual.
 */
export function interceptHooks(...answers: Array<() => Response | Promise<Response>>) {
  const calls: HookCall[] = [];
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input as RequestInfo, init as RequestInit);
    if (!request.url.startsWith(HOOKS)) return realFetch(input as RequestInfo, init as RequestInit);
    calls.push({ url: request.url, headers: request.headers, body: await request.text(), redirect: (init as RequestInit | undefined)?.redirect });
    return answers[Math.min(calls.length, answers.length) - 1]!();
  });
  return calls;
}

export const ok = () => new Response("ok", { status: 200 });
export const serverError = () => new Response("boom", { status: 500 });

/** An environment whose delivery and email queues record their messages instead of running them. */
export function hookEnv(overrides: Partial<Env> = {}) {
  const queued: DeliveryJob[] = [];
  const emailsQueued: EmailJob[] = [];
  const config: Env = {
    ...env,
    DELIVERY_QUEUE: {
      send: async (job: DeliveryJob) => void queued.push(job),
      sendBatch: async (messages: Iterable<MessageSendRequest<DeliveryJob>>) => void queued.push(...[...messages].map((m) => m.body)),
    } as never,
    EMAIL_QUEUE: { send: async (job: EmailJob) => void emailsQueued.push(job) } as never,
    ...overrides,
  };
  return { env: config, queued, emailsQueued };
}

/** An endpoint of the workspace, straight into D1; returns its id and signing secret. */
export async function addEndpoint(workspaceId: string, events: WebhookEvent[] = ["contact.created"], path = unique("hook")) {
  const id = newId();
  const secret = `whsec_${unique("secret")}`;
  const now = Date.now();
  await getDb(env.DB)
    .insert(webhookEndpoints)
    .values({ id, workspaceId, url: `${HOOKS}/${path}`, events, secretEnc: await seal(env, secret), createdAt: now, updatedAt: now });
  return { id, secret, url: `${HOOKS}/${path}` };
}

/** Runs the Worker's queue consumer on one message for `deliveryId`, as raibu-deliveries would. */
export async function consume(config: Env, deliveryId: string, attempts = 1) {
  const batch = createMessageBatch<DeliveryJob>("raibu-deliveries", [{ id: crypto.randomUUID(), timestamp: new Date(), attempts, body: { deliveryId } }]);
  // The queue result does not keep the delay asked for: each retry's options are noted here.
  const delays: Array<number | undefined> = [];
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    message.retry = (options?: QueueRetryOptions) => {
      delays.push(options?.delaySeconds);
      retry(options);
    };
  }
  const ctx = createExecutionContext();
  await worker.queue(batch, config);
  return { ...(await getQueueResult(batch, ctx)), delays };
}

export const deliveryRow = async (id: string) => (await getDb(env.DB).select().from(deliveries).where(eq(deliveries.id, id)))[0]!;
export const endpointRow = async (id: string) => (await getDb(env.DB).select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)))[0]!;
