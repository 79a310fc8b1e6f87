// A failed call in words for the visitor: "offline" and "slow down" in their language, otherwise
// the server's own message (it is written for people).
import { ApiError } from "./api";
import type { Translate } from "./i18n";
import { isRateLimited } from "../../../client/rateLimit";

export function errorText(t: Translate, error: unknown): string {
  if (isRateLimited(error)) return t("rateLimited");
  if (error instanceof ApiError) return error.code === "network" ? t("networkError") : error.message;
  return t("somethingWrong");
}

/** A socket's refusal in words: a rate limit in the visitor's language, else the server's message. */
export function problemText(t: Translate, problem: { code: string; message: string }): string {
  return problem.code === "rate_limited" ? t("rateLimited") : problem.message;
}
