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
  "callJoined.agent",
  "callJoined.visitor",
  "callEnded",
  "appointmentBooked",
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
    case "call_joined":
      return text(notice.role === "agent" ? "callJoined.agent" : "callJoined.visitor");
    case "call_ended":
      return text("callEnded", { duration: duration(notice.durationMs) });
    case "appointment_booked":
      return text("appointmentBooked", { when: new Date(notice.startsAt).toLocaleString(undefined, { dateStyle: "full", timeStyle: "short" }) });
    default:
      return unknownNotice(notice);
  }
}

/** A call's length as a clock reads it, the same in every language: "0:42", "12:05", "1:03:20". */
export function duration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const two = (n: number) => String(n).padStart(2, "0");
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** When the team is back, in the reader's own locale and time zone ("Monday 9:00 AM"). */
function reopening(at: number): string {
  return new Intl.DateTimeFormat(undefined, { weekday: "long", hour: "numeric", minute: "2-digit" }).format(at);
}

// Exhaustive at compile time; the caller shows the message's own text instead.
function unknownNotice(_notice: never): string {
  return "";
}
