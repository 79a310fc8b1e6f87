// Turns a failed call into a sentence in the agent's language; unknown codes keep the server's words.
import { ApiError } from "./api";
import type { MessageKey, Translate } from "./i18n";

const KNOWN: Record<string, MessageKey> = {
  network: "error.network",
  rate_limited: "error.rateLimited",
  forbidden: "error.forbidden",
  email_taken: "error.emailTaken",
  not_found: "error.notFound",
};

export function errorText(err: unknown, t: Translate, overrides: Partial<Record<string, MessageKey>> = {}): string {
  if (!(err instanceof ApiError)) return t("error.generic");
  const key = overrides[err.code] ?? KNOWN[err.code];
  if (key) return t(key);
  if (err.status >= 500 || !err.message) return t("error.generic");
  return err.message;
}
