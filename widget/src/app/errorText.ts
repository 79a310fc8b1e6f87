// A failed call in words for the visitor: "offline" in their language, otherwise the
// server's own message (it is written for people).
import { ApiError } from "./api";
import type { Translate } from "./i18n";

export function errorText(t: Translate, error: unknown): string {
  if (error instanceof ApiError) return error.code === "network" ? t("networkError") : error.message;
  return t("somethingWrong");
}
