// What the Worker's environment adds to the bindings `npm run types` generates from
// wrangler.toml into worker-configuration.d.ts: the queue's message type, and the secrets and
// local-only variables that wrangler.toml does not declare (listed in .dev.vars.example).
import type { CrmSyncJob } from "./integrations/crm/sync";
import type { DeliveryJob } from "./integrations/events";
import type { EmailJob } from "./lib/mailer";
import type { MetricsRebuildJob } from "./metrics/rebuild";

declare global {
  namespace Cloudflare {
    interface Env {
      EMAIL_QUEUE: Queue<EmailJob>;
      DELIVERY_QUEUE: Queue<DeliveryJob>;
      CRM_SYNC_QUEUE: Queue<CrmSyncJob>;
      METRICS_QUEUE: Queue<MetricsRebuildJob>;
      /** Set as a secret in production; without it no email leaves (the console says so). */
      RESEND_API_KEY?: string;
      /**
       * "1" turns on the dev outbox (emails kept in D1 and readable by admins in the console).
       * Set only by `npm start` and the tests, never in wrangler.toml's deployed vars.
       */
      DEV_OUTBOX?: string;
      /** Where the Resend SDK sends its requests; only tests and local runs change it. */
      RESEND_BASE_URL?: string;
      /**
       * Cloudflare Realtime TURN (docs/deploy.md): with both set, each call page gets short-lived
       * TURN credentials (worker/src/calls/iceServers.ts); without them, public STUN only.
       */
      TURN_KEY_ID?: string;
      TURN_KEY_API_TOKEN?: string;
      /**
       * Integrations' secrets at rest (webhook signing secrets, CRM tokens) are sealed under a key
       * derived from it (worker/src/lib/secretBox.ts): 32 random bytes, base64. Local runs and tests
       * set a fixed one; without it, no webhook or CRM can be added.
       */
      INTEGRATIONS_KEY?: string;
      /** One-time secret that lets the first owner be created on a fresh deployment. */
      SETUP_TOKEN?: string;
      /**
       * Multiplies every socket's frame rates and bursts (default 1). Only a load test that drives
       * one socket far faster than a person raises it; never lower than 1.
       */
      FRAME_RATE_SCALE?: string;
    }
  }
}

export type Env = Cloudflare.Env;

export interface SessionUser {
  id: string;
  workspaceId: string;
  email: string;
  name: string;
  role: "owner" | "admin" | "agent";
}

export interface VisitorIdentity {
  visitorId: string;
  workspaceId: string;
  interfaceId: string;
}

export type AppBindings = { Bindings: Env; Variables: { user: SessionUser; sessionHash: string; visitor: VisitorIdentity } };
