// The words of an appointment's emails (booked, moved, cancelled), as text and HTML, in the
// appointment's language: the slot in the visitor's zone with the zone named, the team's time
// beside it, the Join link and the manage links. Pure: everything is handed in.
import type { Lang } from "@raibu/protocol/lang";
import { escapeHtml } from "../lib/emailTemplates";
import { translate } from "../lib/i18n";

export const intlLocale = (lang: Lang) => (lang === "fr" ? "fr-FR" : "en-GB");

/** "Label: value" as each language writes it (French puts a space before the colon). */
const labelled = (lang: Lang, label: string, value: string) => `${label}${lang === "fr" ? "\u00a0:" : ":"} ${value}`;

/** "Tuesday 8 December 2026, 14:00–14:30 (Central European Time, Europe/Paris)": a slot in one zone, the zone named. */
export function slotInZone(lang: Lang, startsAt: number, endsAt: number, timeZone: string): string {
  const range = new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: "full", timeStyle: "short", timeZone }).formatRange(startsAt, endsAt);
  return `${range} (${zoneName(lang, timeZone, startsAt)})`;
}

/** The zone's name in words and its IANA id, e.g. "heure d’Europe centrale, Europe/Paris". */
export function zoneName(lang: Lang, timeZone: string, at: number): string {
  const part = new Intl.DateTimeFormat(intlLocale(lang), { timeZone, timeZoneName: "longGeneric" }).formatToParts(at).find((p) => p.type === "timeZoneName");
  return part && part.value !== timeZone ? `${part.value}, ${timeZone}` : timeZone;
}

/** The short date of a subject line, in the visitor's zone: "Tue 8 Dec, 14:00". */
export function subjectDate(lang: Lang, at: number, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale(lang), { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone }).format(at);
}

export interface AppointmentMailArgs {
  kind: "booked" | "rescheduled" | "cancelled";
  site: string;
  startsAt: number;
  endsAt: number;
  /** The visitor's zone (their browser's when they booked, else the team's). */
  visitorZone: string;
  teamZone: string;
  callUrl: string;
  /** The manage page; none on a cancellation. */
  manageUrl: string | null;
  /** A move: when it was before. */
  previousStartsAt?: number;
  previousEndsAt?: number;
  cancelledBy?: "visitor" | "agent";
}

const button = (href: string, label: string, primary: boolean) =>
  `<a href="${escapeHtml(href)}" style="display:inline-block;padding:10px 20px;border-radius:8px;font-weight:600;text-decoration:none;${
    primary ? "background:#1f3a5f;color:#ffffff" : "background:#eef2f7;color:#1f3a5f"
  }">${escapeHtml(label)}</a>`;

export function appointmentMail(lang: Lang, args: AppointmentMailArgs): { subject: string; text: string; html: string } {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string>) => (translate as (l: Lang, k: string, p?: Record<string, string>) => string)(lang, key, params);
  const site = args.site;
  const when = slotInZone(lang, args.startsAt, args.endsAt, args.visitorZone);
  const teamWhen = args.teamZone !== args.visitorZone ? t("email.appointment.teamTime", { time: slotInZone(lang, args.startsAt, args.endsAt, args.teamZone) }) : null;
  const date = subjectDate(lang, args.startsAt, args.visitorZone);

  const subject = t(`email.appointment.${args.kind}.subject`, { site, date });
  const intro =
    args.kind === "cancelled"
      ? t(args.cancelledBy === "agent" ? "email.appointment.cancelled.byAgent" : "email.appointment.cancelled.byVisitor", { site })
      : t(`email.appointment.${args.kind}.intro`, { site });
  const previous =
    args.kind === "rescheduled" && args.previousStartsAt !== undefined
      ? t("email.appointment.rescheduled.previous", { time: slotInZone(lang, args.previousStartsAt, args.previousEndsAt ?? args.previousStartsAt, args.visitorZone) })
      : null;
  const cancelled = args.kind === "cancelled";
  const calendar = t(cancelled ? "email.appointment.calendarCancel" : "email.appointment.calendar");
  const rescheduleUrl = args.manageUrl ? `${args.manageUrl}?step=reschedule` : null;
  const cancelUrl = args.manageUrl ? `${args.manageUrl}?step=cancel` : null;

  const text = [
    intro,
    ...(previous ? [previous] : []),
    "",
    labelled(lang, t("email.appointment.when"), when),
    ...(teamWhen ? [teamWhen] : []),
    "",
    ...(cancelled
      ? [t("email.appointment.cancelled.again")]
      : [
          t("email.appointment.joinHint"),
          labelled(lang, t("email.appointment.join"), args.callUrl),
          "",
          t("email.appointment.manage"),
          labelled(lang, t("email.appointment.reschedule"), rescheduleUrl!),
          labelled(lang, t("email.appointment.cancel"), cancelUrl!),
        ]),
    "",
    calendar,
    "",
  ].join("\n");

  const muted = "color:#6b7280;font-size:13px";
  const html = [
    '<div style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;font-size:15px;line-height:1.5;color:#1f2933;max-width:40rem">',
    `<p>${escapeHtml(intro)}</p>`,
    previous ? `<p style="${muted}">${escapeHtml(previous)}</p>` : "",
    `<p style="padding:12px 16px;background:#f4f5f7;border-radius:8px"><strong>${escapeHtml(t("email.appointment.when"))}</strong><br>${escapeHtml(when)}${
      teamWhen ? `<br><span style="${muted}">${escapeHtml(teamWhen)}</span>` : ""
    }</p>`,
    cancelled
      ? `<p>${escapeHtml(t("email.appointment.cancelled.again"))}</p>`
      : [
          `<p>${escapeHtml(t("email.appointment.joinHint"))}</p>`,
          `<p>${button(args.callUrl, t("email.appointment.join"), true)}</p>`,
          `<p>${escapeHtml(t("email.appointment.manage"))}</p>`,
          `<p>${button(rescheduleUrl!, t("email.appointment.reschedule"), false)} ${button(cancelUrl!, t("email.appointment.cancel"), false)}</p>`,
        ].join(""),
    `<p style="${muted}">${escapeHtml(calendar)}</p>`,
    "</div>",
  ].join("");

  return { subject, text, html };
}
