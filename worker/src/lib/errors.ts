// The one error shape of the HTTP API: `{ error: { code, message, ...facts } }` with a fitting
// status. Facts are what a front end needs to word the error itself (who won a race, say).
import type { ContentfulStatusCode } from "hono/utils/http-status";

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    /** Extra fields of the error object; never `code` or `message`. */
    readonly facts: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The `error` object of the response body. */
  body() {
    return { ...this.facts, code: this.code, message: this.message };
  }
}

export const badRequest = (message: string, code = "invalid_request") => new ApiError(400, code, message);
export const unauthorized = (message = "Sign in to continue.") => new ApiError(401, "unauthorized", message);
export const forbidden = (message = "You are not allowed to do this.", code = "forbidden") => new ApiError(403, code, message);
export const notFound = (what = "Resource") => new ApiError(404, "not_found", `${what} not found.`);
export const conflict = (message: string, code = "conflict") => new ApiError(409, code, message);
export const tooManyRequests = (message = "Too many attempts. Wait a minute and try again.") =>
  new ApiError(429, "rate_limited", message);

/** Turns zod issues into one readable sentence naming each bad field. */
export function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues
    .map((issue) => (issue.path.length ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}
