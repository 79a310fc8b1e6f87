// System notices travel as codes (takeover, accepted…) and are written here in the
// console's language, so every agent reads them in their own.
import type { SystemNotice } from "@raibu/protocol/realtime";
import type { MessageKey, Translate } from "./i18n";

/** Every dictionary key a notice can use; the tests check both languages have them. */
export const NOTICE_KEYS = [
  "notice.takeover",
  "notice.accepted.live",
  "notice.accepted.video",
  "notice.transferred",
  "notice.closed",
  "notice.closedBy",
  "notice.requestTimeout",
  "notice.requested.live",
  "notice.requested.video",
  "notice.nobodyOnline",
] as const satisfies readonly MessageKey[];

export function noticeText(t: Translate, notice: SystemNotice): string {
  switch (notice.code) {
    case "takeover":
      return t("notice.takeover", { agent: notice.agent });
    case "accepted":
      return t(notice.kind === "video" ? "notice.accepted.video" : "notice.accepted.live", { agent: notice.agent });
    case "transferred":
      return t("notice.transferred", { from: notice.from, to: notice.to });
    case "closed":
      return notice.by ? t("notice.closedBy", { agent: notice.by }) : t("notice.closed");
    case "request_timeout":
      return t("notice.requestTimeout");
    case "nobody_online":
      return t("notice.nobodyOnline");
    case "requested":
      return t(notice.kind === "video" ? "notice.requested.video" : "notice.requested.live");
    default:
      return unknownNotice(notice);
  }
}

// Exhaustive at compile time; a newer server's unknown notice shows nothing rather than breaking the list.
function unknownNotice(_notice: never): string {
  return "";
}
