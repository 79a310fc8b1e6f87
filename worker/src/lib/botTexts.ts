// What the built-in bot and the system notices say, in the interface's language. The
// notices also travel as codes so each reader's screen can translate them itself.
import type { Lang } from "@raibu/protocol/lang";
import type { SystemNotice } from "@raibu/protocol/realtime";
import { translate } from "./i18n";

export function botTexts(language: Lang) {
  return {
    greeting: translate(language, "bot.greeting"),
    reply: (offersRequest: boolean) => translate(language, offersRequest ? "bot.replyWithOffer" : "bot.reply"),
    notice: (notice: SystemNotice) => noticeText(language, notice),
  };
}

function noticeText(lang: Lang, n: SystemNotice): string {
  switch (n.code) {
    case "takeover":
      return translate(lang, "notice.takeover", { agent: n.agent });
    case "accepted":
      return translate(lang, "notice.accepted", { agent: n.agent });
    case "transferred":
      return translate(lang, "notice.transferred", { from: n.from, to: n.to });
    case "closed":
      return translate(lang, "notice.closed");
    case "request_timeout":
      return translate(lang, "notice.requestTimeout");
    case "nobody_online":
      return translate(lang, "notice.nobodyOnline");
    case "outside_hours":
      return translate(lang, "notice.outsideHours");
    case "requested":
      return translate(lang, n.kind === "video" ? "notice.requested.video" : "notice.requested.live");
    case "kept_as_message":
      return translate(lang, "notice.keptAsMessage");
    case "offline_form_sent":
      return translate(lang, "notice.offlineFormSent");
    case "call_joined":
      return translate(lang, n.role === "agent" ? "notice.callJoined.agent" : "notice.callJoined.visitor");
    case "call_ended":
      return translate(lang, "notice.callEnded", { minutes: Math.max(1, Math.round(n.durationMs / 60_000)) });
    case "appointment_booked":
      return translate(lang, "notice.appointmentBooked");
  }
}
