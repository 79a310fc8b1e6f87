// The HTML of the public reply page (/r/<token>): the thread and a form to answer, or a page that
// says plainly why a link does not open. No script, no outside resource; every word the visitor
// or an agent wrote is escaped text.
import type { Lang } from "@raibu/protocol/lang";
import { OFFLINE_MESSAGE_MAX, type OfflineMessage } from "@raibu/protocol/offline";
import { escapeHtml } from "../lib/emailTemplates";
import { translate } from "../lib/i18n";
import { publicPage } from "../lib/publicPage";

/** The page's headers: no script at all, forms only to ourselves, never framed, never cached. */
export const REPLY_PAGE_HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "no-store",
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "X-Robots-Tag": "noindex",
  // The link's token stays off other sites (no Referer leaves), while our own form post still
  // carries its Origin, which "no-referrer" would blank to "null" and the Origin check needs.
  "Referrer-Policy": "same-origin",
} as const;

const STYLE = `
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; background: #f4f5f7; color: #1f2933; line-height: 1.55; }
  main { max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
  .card { background: #fff; border-radius: 12px; box-shadow: 0 2px 12px rgba(0,0,0,.08); padding: 1.5rem; margin-bottom: 1rem; }
  h1 { font-size: 1.3rem; margin: 0 0 .5rem; }
  .muted { color: #52606d; font-size: .9rem; }
  ol { list-style: none; margin: 0; padding: 0; }
  li { padding: .75rem 0; border-top: 1px solid #e5e7eb; }
  li:first-child { border-top: none; }
  .who { font-weight: 600; }
  .text { white-space: pre-wrap; overflow-wrap: anywhere; margin-top: .25rem; }
  .mine .who { color: #1f3a5f; }
  label { display: block; font-weight: 600; margin-bottom: .5rem; }
  textarea { box-sizing: border-box; width: 100%; min-height: 8rem; font: inherit; padding: .6rem; border: 1px solid #c3c9d0; border-radius: 8px; }
  button { margin-top: .75rem; font: inherit; font-weight: 600; padding: .55rem 1.4rem; border: none; border-radius: 8px; background: #1f3a5f; color: #fff; cursor: pointer; }
  .error { color: #b42318; margin: .5rem 0 0; }
  .sent { color: #05603a; background: #ecfdf3; border-radius: 8px; padding: .75rem 1rem; margin: 0 0 1rem; }
  a { color: #1f3a5f; }
`;

const layout = (lang: Lang, title: string, body: string) => publicPage(lang, title, STYLE, body);

export interface ThreadPageArgs {
  site: string;
  messages: OfflineMessage[];
  timeZone: string;
  /** The form's path (`/r/<token>`). */
  action: string;
  /** The form's id: the same form sent twice appends once. */
  formId: string;
  /** What the visitor typed, kept when the page comes back with an error. */
  draft?: string;
  error?: "empty" | "tooLong" | "badOrigin";
  sent?: boolean;
}

export function threadPage(lang: Lang, args: ThreadPageArgs): string {
  const when = new Intl.DateTimeFormat(lang === "fr" ? "fr-FR" : "en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: args.timeZone });
  const you = translate(lang, "page.answer.you");
  const items = args.messages
    .map((m) => {
      const who = m.author === "visitor" ? you : m.agent?.name || args.site;
      return `<li class="${m.author === "visitor" ? "mine" : "theirs"}"><span class="who">${escapeHtml(who)}</span> <span class="muted">${escapeHtml(when.format(m.createdAt))}</span><div class="text">${escapeHtml(m.text)}</div></li>`;
    })
    .join("\n");
  const errorText =
    args.error === "empty"
      ? translate(lang, "page.answer.empty")
      : args.error === "tooLong"
        ? translate(lang, "page.answer.tooLong", { max: OFFLINE_MESSAGE_MAX.toLocaleString(lang) })
        : args.error === "badOrigin"
          ? translate(lang, "page.answer.badOrigin")
          : "";
  const title = translate(lang, "page.answer.title", { site: args.site });
  const body = `<section class="card">
<h1>${escapeHtml(title)}</h1>
<p class="muted">${escapeHtml(translate(lang, "page.answer.intro"))}</p>
<ol>
${items}
</ol>
</section>
<section class="card">
${args.sent ? `<p class="sent" role="status">${escapeHtml(translate(lang, "page.answer.sent"))}</p>` : ""}
<form method="post" action="${escapeHtml(args.action)}">
<input type="hidden" name="id" value="${escapeHtml(args.formId)}">
<label for="text">${escapeHtml(translate(lang, "page.answer.label"))}</label>
<textarea id="text" name="text" required maxlength="${OFFLINE_MESSAGE_MAX}"${errorText ? ' aria-invalid="true" aria-describedby="error"' : ""}>${escapeHtml(args.draft ?? "")}</textarea>
${errorText ? `<p class="error" id="error" role="alert">${escapeHtml(errorText)}</p>` : ""}
<button type="submit">${escapeHtml(translate(lang, "page.answer.send"))}</button>
</form>
</section>`;
  return layout(lang, title, body);
}

/** A link that does not open a thread: why, and where to start a new conversation when the site is known. */
export function closedLinkPage(lang: Lang, kind: "expired" | "invalid" | "limited", site: { name: string; url: string } | null): string {
  const title = kind === "limited" ? translate(lang, "page.answer.limited") : translate(lang, `page.answer.${kind}.title`);
  const text = kind === "limited" ? "" : translate(lang, `page.answer.${kind}.body`);
  const link = site && kind !== "limited" ? `<p><a href="${escapeHtml(site.url)}" rel="noopener noreferrer">${escapeHtml(translate(lang, "page.answer.newConversation"))} — ${escapeHtml(site.name)}</a></p>` : "";
  return layout(lang, title, `<section class="card">\n<h1>${escapeHtml(title)}</h1>\n${text ? `<p>${escapeHtml(text)}</p>` : ""}\n${link}\n</section>`);
}
