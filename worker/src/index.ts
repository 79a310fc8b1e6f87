// The Worker's entry: HTTP through the Hono app, the queue consumers (email, deliveries, CRM sync, metrics rebuilds), inbound email, and the cron.
import { createApp } from "./app";
import type { Env } from "./env";
import { getDb } from "./db/client";
import { deleteUnsentUploads } from "./lib/attachments";
import { forgetStaleLoginFailures } from "./lib/loginThrottle";
import { handleCrmSyncBatch, type CrmSyncJob } from "./integrations/crm";
import { handleDeliveryBatch, type DeliveryJob } from "./integrations/events";
import { handleEmailBatch, type EmailJob } from "./lib/mailer";
import { handleInboundEmail } from "./offline/inbound";
import { handleMetricsBatch, type MetricsRebuildJob } from "./metrics/rebuild";

export { CallDO } from "./durable-objects/CallDO";
export { ConversationDO } from "./durable-objects/ConversationDO";
export { WorkspaceDO } from "./durable-objects/WorkspaceDO";

const app = createApp();

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    // Webhook and CRM deliveries and the metrics' rebuilds have their own queues; every other message is an email.
    if (batch.queue === "raibu-deliveries") await handleDeliveryBatch(batch as MessageBatch<DeliveryJob>, env);
    else if (batch.queue === "raibu-crm-sync") await handleCrmSyncBatch(batch as MessageBatch<CrmSyncJob>, env);
    else if (batch.queue === "raibu-metrics") await handleMetricsBatch(batch as MessageBatch<MetricsRebuildJob>, env);
    else await handleEmailBatch(batch as MessageBatch<EmailJob>, env);
  },
  // Visitors' answers by email to an offline thread's reply address.
  async email(message, env) {
    await handleInboundEmail(message, env);
  },
  async scheduled(controller, env) {
    // Independent chores: one failing must not keep the other from running.
    const chores = await Promise.allSettled([deleteUnsentUploads(env, controller.scheduledTime), forgetStaleLoginFailures(getDb(env.DB), controller.scheduledTime)]);
    for (const chore of chores) if (chore.status === "rejected") console.error("scheduled chore failed", chore.reason);
    if (chores.some((chore) => chore.status === "rejected")) throw new Error("a scheduled chore failed");
  },
} satisfies ExportedHandler<Env>;
