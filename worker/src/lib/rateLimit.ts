// Thin wrappers over the Workers rate-limit binding that turn "over the limit" into a 429
// with Retry-After, and the visitor-side limits: per client address and per chat interface.
import type { Context } from "hono";
import type { AppBindings, Env } from "../env";
import { ApiError, tooManyRequests } from "./errors";

export function clientIp(headers: Headers): string {
  return headers.get("CF-Connecting-IP") ?? headers.get("X-Forwarded-For")?.split(",")[0]?.trim() ?? "local";
}

export async function enforceRateLimit(limiter: RateLimit, key: string, message?: string): Promise<void> {
  const { success } = await limiter.limit({ key });
  if (!success) throw tooManyRequests(message);
}

/**
 * What a visitor (or whoever poses as one) may start, each limited twice: per client address,
 * and per chat interface so that many addresses together cannot flood one site's interface.
 * Each pair names its bindings; the limits and periods are wrangler.toml's (the binding takes
 * them from there), and `period` here must say the same, for Retry-After.
 */
const VISITOR_LIMITS = {
  session: {
    address: { binding: "VISITOR_SESSION_ADDRESS_LIMITER", period: 60 },
    interface: { binding: "VISITOR_SESSION_INTERFACE_LIMITER", period: 10 },
  },
  conversation: {
    address: { binding: "VISITOR_CONVERSATION_ADDRESS_LIMITER", period: 60 },
    interface: { binding: "VISITOR_CONVERSATION_INTERFACE_LIMITER", period: 10 },
  },
  socket: {
    address: { binding: "VISITOR_SOCKET_ADDRESS_LIMITER", period: 60 },
    interface: { binding: "VISITOR_SOCKET_INTERFACE_LIMITER", period: 10 },
  },
  offlineForm: {
    address: { binding: "VISITOR_OFFLINE_ADDRESS_LIMITER", period: 60 },
    interface: { binding: "VISITOR_OFFLINE_INTERFACE_LIMITER", period: 10 },
  },
  appointmentSlots: {
    address: { binding: "VISITOR_SLOTS_ADDRESS_LIMITER", period: 60 },
    interface: { binding: "VISITOR_SLOTS_INTERFACE_LIMITER", period: 10 },
  },
  booking: {
    address: { binding: "VISITOR_BOOKING_ADDRESS_LIMITER", period: 60 },
    interface: { binding: "VISITOR_BOOKING_INTERFACE_LIMITER", period: 10 },
  },
  // Reading earlier conversations costs about a page view: the session's limits, counted apart (the key names the action).
  history: {
    address: { binding: "VISITOR_SESSION_ADDRESS_LIMITER", period: 60 },
    interface: { binding: "VISITOR_SESSION_INTERFACE_LIMITER", period: 10 },
  },
} as const satisfies Record<string, Record<LimitScope, { binding: keyof Env; period: 10 | 60 }>>;

export type VisitorAction = keyof typeof VISITOR_LIMITS;
export type LimitScope = "address" | "interface";

const MESSAGES: Record<LimitScope, string> = {
  address: "Too many requests from this network. Wait a minute and try again.",
  interface: "This chat is receiving too many visitors right now. Try again in a few seconds.",
};

/**
 * Counts one `action` against `scope`'s limiter under `key` (the address, or the interface id);
 * over the limit: 429 `rate_limited` with `retryAfterMs`, `scope` and `action`, and the
 * Retry-After header.
 */
export async function limitVisitor(c: Context<AppBindings>, action: VisitorAction, scope: LimitScope, key: string): Promise<void> {
  const { binding, period } = VISITOR_LIMITS[action][scope];
  const { success } = await c.env[binding].limit({ key: `${action}:${key}` });
  if (success) return;
  // The binding does not say when its window ends: a whole period is always long enough.
  c.header("Retry-After", String(period));
  throw new ApiError(429, "rate_limited", MESSAGES[scope], { retryAfterMs: period * 1000, scope, action });
}

/** The per-address limit of `action`, keyed by the caller's address. */
export const limitVisitorAddress = (c: Context<AppBindings>, action: VisitorAction) => limitVisitor(c, action, "address", clientIp(c.req.raw.headers));
