// How both front ends report a failed HTTP call: the server's `{ error: { code, message } }`
// (see worker/src/lib/errors.ts), or `network` when the server was never reached.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The error a response carries; a body without one gets `http_<status>`. */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = typeof error?.code === "string" ? error.code : `http_${status}`;
  const message = typeof error?.message === "string" ? error.message : `Request failed (${status}).`;
  return new ApiError(status, code, message);
}

/** The server was never reached (offline, DNS, a dropped connection). */
export const networkError = () => new ApiError(0, "network", "The server could not be reached.");
