// Going too fast is not a failure: the widget waits as long as the server asks (a rate_limited
// frame's retryAfterMs, an HTTP 429's Retry-After) and tries again; other errors show at once.
import { describe, expect, it } from "vitest";
import { ApiError, apiErrorFrom, networkError } from "../../client/apiError";
import { DEFAULT_RETRY_MS, HTTP_ATTEMPTS, isRateLimited, resendAt, retryDelay, withRetry } from "../../client/rateLimit";
import { errorText, problemText } from "../src/app/errorText";
import { translate } from "../src/app/i18n";

const tooFast = (retryAfter: string | null = null) => apiErrorFrom(429, { error: { code: "rate_limited", message: "Too many requests." } }, retryAfter);

/** A call that is refused `refusals` times, then answers. */
function scripted<T>(refusals: ApiError[], answer: T) {
  let calls = 0;
  return {
    call: async () => {
      calls += 1;
      const refusal = refusals[calls - 1];
      if (refusal) throw refusal;
      return answer;
    },
    calls: () => calls,
  };
}

describe("the wait before trying again", () => {
  it("is the server's retryAfterMs, within half a second and a minute, else a default", () => {
    expect(retryDelay(1200)).toBe(1200);
    expect(retryDelay(10)).toBe(500);
    expect(retryDelay(10 * 60_000)).toBe(60_000);
    expect(retryDelay(undefined)).toBe(DEFAULT_RETRY_MS);
    expect(retryDelay(null)).toBe(DEFAULT_RETRY_MS);
  });
});

describe("widget calls refused with a 429", () => {
  it("wait the Retry-After the server sent, then try again and succeed", async () => {
    const waits: number[] = [];
    const server = scripted([tooFast("2"), tooFast()], { conversationId: "c1" });
    const result = await withRetry(server.call, { wait: async (ms) => void waits.push(ms) });
    expect(result).toEqual({ conversationId: "c1" });
    expect(server.calls()).toBe(3);
    expect(waits).toEqual([2000, DEFAULT_RETRY_MS]);
  });

  it("tell the window before each wait, so it can say why nothing happens yet", async () => {
    const told: number[] = [];
    const server = scripted([tooFast("1")], "ok");
    await withRetry(server.call, { wait: async () => {}, onWait: (ms) => told.push(ms) });
    expect(told).toEqual([1000]);
  });

  it("give up after a few refusals and show the rate limit politely, in English and French", async () => {
    const server = scripted(Array.from({ length: 10 }, () => tooFast("1")), "never");
    const error = await withRetry(server.call, { wait: async () => {} }).catch((e: unknown) => e);
    expect(server.calls()).toBe(HTTP_ATTEMPTS);
    expect(isRateLimited(error)).toBe(true);
    expect(errorText((key, params) => translate("en", key, params), error)).toBe(translate("en", "rateLimited"));
    expect(errorText((key, params) => translate("fr", key, params), error)).toBe(translate("fr", "rateLimited"));
    expect(translate("fr", "rateLimited")).not.toBe(translate("en", "rateLimited"));
  });

  it("are not retried for other errors", async () => {
    for (const refusal of [networkError(), new ApiError(403, "origin_not_allowed", "No.")]) {
      const server = scripted([refusal], "never");
      await expect(withRetry(server.call, { wait: async () => {} })).rejects.toBe(refusal);
      expect(server.calls()).toBe(1);
    }
  });
});

describe("a rate_limited frame", () => {
  it("keeps a refused message to send again once the server's wait is over", () => {
    const held = (id: string) => id === "msg-12345678";
    expect(resendAt({ id: "msg-12345678", retryAfterMs: 1500 }, held, 10_000)).toBe(11_500);
    expect(resendAt({ id: "msg-12345678" }, held, 10_000)).toBe(10_000 + DEFAULT_RETRY_MS);
  });

  it("lets a refused typing, page or read frame go: the next one supersedes it", () => {
    expect(resendAt({ retryAfterMs: 1500 }, () => true, 10_000)).toBeNull();
    expect(resendAt({ id: "acked-12345678", retryAfterMs: 1500 }, () => false, 10_000)).toBeNull();
  });

  it("shows in the visitor's language rather than the server's words", () => {
    const frame = { code: "rate_limited", message: "Too many frames. Wait a moment, then send again." };
    expect(problemText((key) => translate("fr", key), frame)).toBe(translate("fr", "rateLimited"));
    expect(problemText((key) => translate("en", key), { code: "conversation_full", message: "This conversation is full." })).toBe("This conversation is full.");
  });
});
