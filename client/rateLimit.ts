// The server asked to slow down (a `rate_limited` frame, an HTTP 429): that is not a failure.
// The person is told politely and the front end tries again once the server's wait is over.
import { ApiError } from "./apiError";

/** When the server gives no wait, and the bounds of the one it gives. */
export const DEFAULT_RETRY_MS = 3000;
const MIN_RETRY_MS = 500;
const MAX_RETRY_MS = 60_000;
/** HTTP calls refused this many times in a row give up and show the error. */
export const HTTP_ATTEMPTS = 4;

/** How long to wait before trying again: the server's wait within sane bounds, else a default. */
export function retryDelay(retryAfterMs: number | null | undefined): number {
  if (typeof retryAfterMs !== "number" || !Number.isFinite(retryAfterMs)) return DEFAULT_RETRY_MS;
  return Math.min(MAX_RETRY_MS, Math.max(MIN_RETRY_MS, retryAfterMs));
}

/**
 * A `rate_limited` frame: when to send the pending messages again if it refused one still in the
 * outbox (`held`), else null: a refused typing, page or read frame is superseded by the next one.
 */
export function resendAt(frame: { id?: string; retryAfterMs?: number }, held: (id: string) => boolean, now: number): number | null {
  return frame.id && held(frame.id) ? now + retryDelay(frame.retryAfterMs) : null;
}

/** A refusal for going too fast, rather than a real error. */
export function isRateLimited(error: unknown): error is ApiError {
  return error instanceof ApiError && (error.status === 429 || error.code === "rate_limited");
}

export interface RetryOptions {
  /** Waits `ms`; a timer in the app, instant in tests. */
  wait?: (ms: number) => Promise<void>;
  /** Told before each wait, so the window can say why nothing happens yet. */
  onWait?: (ms: number) => void;
  attempts?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `call`; a rate-limit refusal waits as long as the server asks (Retry-After) and tries again. */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { wait = sleep, onWait, attempts = HTTP_ATTEMPTS } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isRateLimited(error) || attempt >= attempts) throw error;
      const ms = retryDelay(error.retryAfterMs);
      onWait?.(ms);
      await wait(ms);
    }
  }
}
