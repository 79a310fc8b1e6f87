// How both front ends report a failed HTTP call: the server's `{ error: { code, message, ...facts } }`
// (see worker/src/lib/errors.ts), or `network` when the server was never reached. Front ends pick
// their sentence from the code and the facts, never from the server's English message.

export class ApiError extends Error {
  // Declared, not parameter properties: below ES2022 those compile to a defineProperty helper in every bundle.
  declare readonly status: number;
  declare readonly code: string;
  /** The error's other fields, such as `assignee` for `already_taken`. */
  declare readonly facts: Readonly<Record<string, unknown>>;
  /** How long the server asks to wait before trying again (a 429's Retry-After), or null. */
  declare readonly retryAfterMs: number | null;

  constructor(status: number, code: string, message: string, facts: Readonly<Record<string, unknown>> = {}, retryAfterMs: number | null = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.facts = facts;
    this.retryAfterMs = retryAfterMs;
  }
}

/** The error a response carries; a body without one gets `http_<status>`. */
export function apiErrorFrom(status: number, body: unknown, retryAfter: string | null = null): ApiError {
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  const { code, message, ...facts } = typeof error === "object" && error !== null ? error : ({} as Record<string, unknown>);
  return new ApiError(
    status,
    typeof code === "string" ? code : `http_${status}`,
    typeof message === "string" ? message : `Request failed (${status}).`,
    facts,
    retryAfterMsFrom(retryAfter, facts.retryAfterMs),
  );
}

/** Retry-After in seconds or as an HTTP date, else a `retryAfterMs` fact; null when neither says. */
export function retryAfterMsFrom(header: string | null, fact?: unknown, now = Date.now()): number | null {
  if (header) {
    const trimmed = header.trim();
    if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
    const at = Date.parse(trimmed);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  return typeof fact === "number" && Number.isFinite(fact) && fact >= 0 ? fact : null;
}

/** The server was never reached (offline, DNS, a dropped connection). */
export const networkError = () => new ApiError(0, "network", "The server could not be reached.");
