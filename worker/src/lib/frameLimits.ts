// Flood control for socket frames: a token bucket per socket and kind of frame, and a count
// of refusals that closes a socket which keeps sending after being told to slow down.
// Pure (time comes in as an argument): the Conversation DO feeds it and applies the verdict.

export type FrameKind = "message" | "typing" | "page" | "read" | "resume" | "other";

/** Tokens refill at `perSecond`, up to `burst` (which is also what a fresh socket starts with). */
export interface Rate {
  perSecond: number;
  burst: number;
}

export type FrameRates = Record<FrameKind, Rate>;

/**
 * A person types a message every few seconds; the bursts cover a paste, a retry of the
 * unacknowledged messages after a reconnect, and a console catching up. Agents get more room
 * (one may answer several chats from canned replies) but are bounded too.
 */
export const FRAME_RATES: Record<"visitor" | "agent", FrameRates> = {
  visitor: {
    // Messages, button choices and chat requests: each stores a message.
    message: { perSecond: 5, burst: 30 },
    typing: { perSecond: 4, burst: 10 },
    page: { perSecond: 1, burst: 10 },
    read: { perSecond: 4, burst: 20 },
    // A resume answers up to 500 messages: the costliest frame to answer.
    resume: { perSecond: 1, burst: 10 },
    other: { perSecond: 4, burst: 20 },
  },
  agent: {
    message: { perSecond: 20, burst: 100 },
    typing: { perSecond: 8, burst: 20 },
    page: { perSecond: 1, burst: 10 },
    read: { perSecond: 10, burst: 50 },
    resume: { perSecond: 2, burst: 20 },
    other: { perSecond: 8, burst: 40 },
  },
};

/**
 * The rates scaled by the deployment's `FRAME_RATE_SCALE` (a load test drives one socket far
 * faster than a person); anything missing, unreadable or below 1 keeps the rates as they are.
 */
export function scaledFrameRates(scale: string | undefined): typeof FRAME_RATES {
  const factor = Number(scale);
  if (!Number.isFinite(factor) || factor <= 1) return FRAME_RATES;
  const scaleAll = (rates: FrameRates) =>
    Object.fromEntries(Object.entries(rates).map(([kind, rate]) => [kind, { perSecond: rate.perSecond * factor, burst: rate.burst * factor }])) as FrameRates;
  return { visitor: scaleAll(FRAME_RATES.visitor), agent: scaleAll(FRAME_RATES.agent) };
}

/** Refusals a socket may collect in a row (one forgiven every 2 s) before it is closed with 1008. */
export const REFUSAL_RATE: Rate = { perSecond: 0.5, burst: 20 };

interface Bucket {
  tokens: number;
  at: number;
}

export type FrameVerdict = { ok: true } | { ok: false; retryAfterMs: number; close: boolean };

/** Which bucket a frame draws from, read before the frame is validated (an invalid frame costs too). */
export function frameKind(data: unknown): FrameKind {
  const type = typeof data === "object" && data !== null ? (data as { type?: unknown }).type : undefined;
  switch (type) {
    case "message":
    case "choice":
    case "request":
      return "message";
    case "typing":
    case "page":
    case "read":
    case "resume":
      return type;
    default:
      return "other";
  }
}

/** Takes a token if there is one; else says how long until the next. */
function take(bucket: Bucket, rate: Rate, now: number): number {
  bucket.tokens = Math.min(rate.burst, bucket.tokens + ((now - bucket.at) / 1000) * rate.perSecond);
  bucket.at = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return 0;
  }
  return Math.ceil(((1 - bucket.tokens) / rate.perSecond) * 1000);
}

/** One socket's buckets. */
export class FrameLimiter {
  private buckets = new Map<FrameKind, Bucket>();
  private refusals: Bucket;

  constructor(
    private readonly rates: FrameRates,
    now: number,
    private readonly refusalRate: Rate = REFUSAL_RATE,
  ) {
    this.refusals = { tokens: refusalRate.burst, at: now };
  }

  check(kind: FrameKind, now: number): FrameVerdict {
    const rate = this.rates[kind];
    let bucket = this.buckets.get(kind);
    if (!bucket) this.buckets.set(kind, (bucket = { tokens: rate.burst, at: now }));
    const retryAfterMs = take(bucket, rate, now);
    if (retryAfterMs === 0) return { ok: true };
    return { ok: false, retryAfterMs, close: take(this.refusals, this.refusalRate, now) > 0 };
  }
}

/**
 * Each socket's buckets, for as long as the socket lives (its buckets go with it). In memory
 * only: after hibernation a socket starts with full buckets, which ten idle seconds would have
 * given it anyway.
 */
export class SocketLimits<Role extends string> {
  private limiters = new WeakMap<WebSocket, FrameLimiter>();

  /** `rates` is read when a socket sends its first frame. */
  constructor(private readonly rates: (role: Role) => FrameRates) {}

  check(ws: WebSocket, role: Role, data: unknown, now: number): FrameVerdict {
    let limiter = this.limiters.get(ws);
    if (!limiter) this.limiters.set(ws, (limiter = new FrameLimiter(this.rates(role), now)));
    return limiter.check(frameKind(data), now);
  }
}
