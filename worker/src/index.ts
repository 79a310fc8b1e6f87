// The Worker's entry: HTTP through the Hono app, and the email queue consumer.
import { createApp } from "./app";
import type { Env } from "./env";
import { handleEmailBatch, type EmailJob } from "./lib/mailer";

export { ConversationDO } from "./durable-objects/ConversationDO";
export { WorkspaceDO } from "./durable-objects/WorkspaceDO";

const app = createApp();

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    await handleEmailBatch(batch as MessageBatch<EmailJob>, env);
  },
} satisfies ExportedHandler<Env>;
