// The HTML of the visitor's appointment page (/a/<token>): the appointment in their zone, Join,
// and the two changes — cancel (after a confirmation) and another time picked from the free slots —
// or a page that says why a link opens nothing. No script, no outside resource, every value escaped.
import type { Lang } from "@raibu/protocol/lang";
import { escapeHtml } from "../lib/emailTemplates";
import { translate, type TextKey } from "../lib/i18n";
import { intlLocale, slotInZone, zoneName } from "./mailBodies";
import type { Slot } from "./slots";
import { publicPage } from "../lib/publicPage";

const STYLE = `
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; background: #f4f5f7; color: #1f2933; line-height: 1.55; }
  main { max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
  .card { background: #fff; border-radius: 12px; box-shadow: 0 2px 12px rgba(0,0,0,.08); padding: 1.5rem; margin-bottom: 1rem; }
  h1 { font-size: 1.3rem; margin: 0 0 .5rem; }
  h2 { font-size: 1.05rem; margin: 0 0 .75rem; }
  h3 { font-size: .95rem; margin: 1rem 0 .4rem; }
  .muted { color: #52606d; font-size: .9rem; }
  .when { font-size: 1.1rem; font-weight: 600; margin: .5rem 0; }
  .cancelled .when { text-decoration: line-through; color: #52606d; }
  .actions { display: flex; flex-wrap: wrap; gap: .6rem; margin-top: 1rem; }
  .button, button { display: inline-block; font: inherit; font-weight: 600; padding: .55rem 1.3rem; border: none; border-radius: 8px; background: #1f3a5f; color: #fff; cursor: pointer; text-decoration: none; }
  .button.secondary, button.secondary { background: #eef2f7; color: #1f3a5f; }
  button.danger { background: #b42318; }
  .slots { display: flex; flex-wrap: wrap; gap: .4rem; }
  .slots label { display: inline-flex; align-items: center; gap: .35rem; padding: .35rem .7rem; border: 1px solid #c3c9d0; border-radius: 8px; cursor: pointer; }
  fieldset { border: none; margin: 0; padding: 0; }
  legend { font-weight: 600; padding: 0; }
  .error { color: #b42318; background: #fef3f2; border-radius: 8px; padding: .75rem 1rem; margin: 0 0 1rem; }
  .done { color: #05603a; background: #ecfdf3; border-radius: 8px; padding: .75rem 1rem; margin: 0 0 1rem; }
  a { color: #1f3a5f; }
`;

const layout = (lang: Lang, title: string, body: string) => publicPage(lang, title, STYLE, body);

const t = (lang: Lang, key: TextKey, params?: Record<string, string>) => (translate as (l: Lang, k: TextKey, p?: Record<string, string>) => string)(lang, key, params);

export type ManageNotice = "rescheduled" | "cancelledNow" | "slotTaken" | "badSlot" | "badOrigin" | "noSlots";

export interface ManagePageArgs {
  site: string;
  startsAt: number;
  endsAt: number;
  status: "booked" | "cancelled";
  /** The visitor's zone (else the team's): every time on the page is in it. */
  timeZone: string;
  callUrl: string;
  /** `/a/<token>`: the page's own path, the forms post below it. */
  path: string;
  /** What the page shows below the appointment. */
  step: "view" | "cancel" | "reschedule";
  /** The free slots to move to (step "reschedule"). */
  slots?: Slot[];
  notice?: ManageNotice;
}

const ERRORS: ReadonlySet<ManageNotice> = new Set(["slotTaken", "badSlot", "badOrigin"]);

function noticeHtml(lang: Lang, notice: ManageNotice | undefined): string {
  if (!notice || notice === "noSlots") return "";
  const error = ERRORS.has(notice);
  return `<p class="${error ? "error" : "done"}" role="${error ? "alert" : "status"}">${escapeHtml(t(lang, `page.appointment.${notice}`))}</p>`;
}

/** The free slots as radios, grouped by day in the visitor's zone. */
function slotPicker(lang: Lang, args: ManagePageArgs): string {
  const slots = args.slots ?? [];
  if (slots.length === 0) return `<p>${escapeHtml(t(lang, "page.appointment.noSlots"))}</p>`;
  const day = new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: "full", timeZone: args.timeZone });
  const time = new Intl.DateTimeFormat(intlLocale(lang), { timeStyle: "short", timeZone: args.timeZone });
  const days = new Map<string, Slot[]>();
  for (const slot of slots) {
    const label = day.format(slot.startsAt);
    days.set(label, [...(days.get(label) ?? []), slot]);
  }
  const groups = [...days]
    .map(
      ([label, daySlots]) =>
        `<h3>${escapeHtml(label)}</h3>\n<div class="slots">${daySlots
          .map((s) => `<label><input type="radio" name="startsAt" value="${s.startsAt}" required> ${escapeHtml(time.format(s.startsAt))}</label>`)
          .join("")}</div>`,
    )
    .join("\n");
  return `<form method="post" action="${escapeHtml(`${args.path}/reschedule`)}">
<fieldset>
<legend>${escapeHtml(t(lang, "page.appointment.pick"))}</legend>
${groups}
</fieldset>
<div class="actions"><button type="submit">${escapeHtml(t(lang, "page.appointment.move"))}</button> <a class="button secondary" href="${escapeHtml(args.path)}">${escapeHtml(t(lang, "page.appointment.keep"))}</a></div>
</form>`;
}

export function managePage(lang: Lang, args: ManagePageArgs): string {
  const title = t(lang, "page.appointment.title", { site: args.site });
  const cancelled = args.status === "cancelled";
  const summary = `<section class="card${cancelled ? " cancelled" : ""}">
<h1>${escapeHtml(title)}</h1>
${noticeHtml(lang, args.notice)}
${cancelled && args.notice !== "cancelledNow" ? `<p class="error" role="status">${escapeHtml(t(lang, "page.appointment.cancelled"))}</p>` : ""}
<p class="muted">${escapeHtml(t(lang, "page.appointment.with", { site: args.site }))}</p>
<p class="when">${escapeHtml(slotInZone(lang, args.startsAt, args.endsAt, args.timeZone))}</p>
<p class="muted">${escapeHtml(t(lang, "page.appointment.times", { zone: zoneName(lang, args.timeZone, args.startsAt) }))}</p>
${
  cancelled
    ? ""
    : `<div class="actions"><a class="button" href="${escapeHtml(args.callUrl)}" rel="noopener noreferrer" target="_blank">${escapeHtml(t(lang, "page.appointment.join"))}</a></div>
<p class="muted">${escapeHtml(t(lang, "page.appointment.joinHint"))}</p>`
}
</section>`;
  if (cancelled) return layout(lang, title, summary);

  const below =
    args.step === "cancel"
      ? `<section class="card">
<h2>${escapeHtml(t(lang, "page.appointment.cancelQuestion"))}</h2>
<form method="post" action="${escapeHtml(`${args.path}/cancel`)}" class="actions">
<button type="submit" class="danger">${escapeHtml(t(lang, "page.appointment.cancelConfirm"))}</button> <a class="button secondary" href="${escapeHtml(args.path)}">${escapeHtml(t(lang, "page.appointment.keep"))}</a>
</form>
</section>`
      : args.step === "reschedule"
        ? `<section class="card" id="reschedule">
<h2>${escapeHtml(t(lang, "page.appointment.reschedule"))}</h2>
${slotPicker(lang, args)}
</section>`
        : `<section class="card">
<div class="actions"><a class="button secondary" href="${escapeHtml(`${args.path}?step=reschedule`)}">${escapeHtml(t(lang, "page.appointment.reschedule"))}</a> <a class="button secondary" href="${escapeHtml(`${args.path}?step=cancel`)}">${escapeHtml(t(lang, "page.appointment.cancel"))}</a></div>
</section>`;
  return layout(lang, title, `${summary}\n${below}`);
}

/** A link that opens nothing: altered or unknown (invalid), over (expired), or too many requests (limited). */
export function closedManagePage(lang: Lang, kind: "expired" | "invalid" | "limited"): string {
  const title = kind === "limited" ? t(lang, "page.appointment.limited") : t(lang, `page.appointment.${kind}.title`);
  const text = kind === "limited" ? "" : t(lang, `page.appointment.${kind}.body`);
  return layout(lang, title, `<section class="card">\n<h1>${escapeHtml(title)}</h1>\n${text ? `<p>${escapeHtml(text)}</p>` : ""}\n</section>`);
}
