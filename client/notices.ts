// System notices travel as codes (SystemNotice in @raibu/protocol/realtime), so every reader
// sees them in their own language. This picks the sentence a notice reads as and the names
// it fills in; each front end writes its sentences under `notice.<key>` in its dictionaries.
import type { SystemNotice } from "@raibu/protocol/realtime";
import type { Params } from "./lang";

/** One sentence a front end writes per language for each of these. */
export const NOTICE_KEYS = [
  "takeover",
  "accepted.live",
  "accepted.video",
  "transferred",
  "closed",
  "closedBy",
  "requestTimeout",
  "nobodyOnline",
  "outsideHours",
  "outsideHoursUntil",
  "requested.live",
  "requested.video",
  "keptAsMessage",
  "offlineFormSent",
] as const;
export type NoticeKey = (typeof NOTICE_KEYS)[number];

/** `notice` in words, from a front end's `text` lookup; "" for a code a newer server sent and this build does not know. */
export function noticeText(notice: SystemNotice, text: (key: NoticeKey, params?: Params) => string): string {
  switch (notice.code) {
    case "takeover":
      return text("takeover", { agent: notice.agent });
    case "accepted":
      return text(notice.kind === "video" ? "accepted.video" : "accepted.live", { agent: notice.agent });
    case "transferred":
      return text("transferred", { from: notice.from, to: notice.to });
    case "closed":
      return notice.by ? text("closedBy", { agent: notice.by }) : text("closed");
    case "request_timeout":
      return text("requestTimeout");
    case "nobody_online":
      return text("nobodyOnline");
    case "outside_hours":
      return notice.opensAt === null ? text("outsideHours") : text("outsideHoursUntil", { when: reopening(notice.opensAt) });
    case "requested":
      return text(notice.kind === "video" ? "requested.video" : "requested.live");
    case "kept_as_message":
      return text("keptAsMessage");
    case "offline_form_sent":
      return text("offlineFormSent");
    default:
      return unknownNotice(notice);
  }
}

/** When the team is back, in the reader's own locale and time zone ("Monday 9:00 AM"). */
function reopening(at: number): string {
  return new Intl.DateTimeFormat(undefined, { weekday: "long", hour: "numeric", minute: "2-digit" }).format(at);
}

// Exhaustive at compile time; the caller shows the message's own text instead.
function unknownNotice(_notice: never): string {
  return "";
}
