// Plain-text and HTML bodies of the account emails. Every interpolated value is escaped.
import type { Lang } from "@raibu/protocol/lang";
import { translate } from "./i18n";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function linkEmail(intro: string, link: string, footer: string) {
  return {
    text: `${intro}\n\n${link}\n\n${footer}\n`,
    html: `<p>${escapeHtml(intro)}</p><p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p><p style="color:#666">${escapeHtml(footer)}</p>`,
  };
}

export function inviteEmail(lang: Lang, args: { inviter: string; workspace: string; link: string }) {
  return {
    subject: translate(lang, "email.invite.subject", args),
    ...linkEmail(translate(lang, "email.invite.body", args), args.link, translate(lang, "email.invite.expiry")),
  };
}

/**
 * An invitation to an address that already has an account in another workspace: the
 * inviter is told nothing different, and the person learns why there is no link to follow.
 */
export function inviteTakenEmail(lang: Lang, args: { inviter: string; workspace: string }) {
  const body = translate(lang, "email.inviteTaken.body", args);
  const hint = translate(lang, "email.inviteTaken.hint", args);
  return {
    subject: translate(lang, "email.invite.subject", args),
    text: `${body}\n\n${hint}\n`,
    html: `<p>${escapeHtml(body)}</p><p style="color:#666">${escapeHtml(hint)}</p>`,
  };
}

export function resetEmail(lang: Lang, args: { link: string }) {
  return { subject: translate(lang, "email.reset.subject"), ...linkEmail(translate(lang, "email.reset.body"), args.link, translate(lang, "email.reset.expiry")) };
}

// ---- An agent's answer to an offline message ----

export interface ThreadEntry {
  author: "visitor" | "agent";
  /** The agent's name; ignored for the visitor, who reads "You". */
  name: string;
  text: string;
  at: number;
}

export interface OfflineReplyArgs {
  site: string;
  agent: string;
  reply: string;
  /** The thread before this reply, oldest first. */
  earlier: ThreadEntry[];
  link: string;
  linkExpiresAt: number;
  /** True when the email's Reply-To leads back to the thread, so answering the email works. */
  answerByEmail: boolean;
  timeZone: string;
}

/** A message's text as HTML: escaped, its line breaks kept. */
const htmlText = (text: string) => escapeHtml(text).replace(/\r?\n/g, "<br>");

/**
 * The visitor's email: the marker line the inbound handler cuts an answer at (only when answering
 * by email works), the reply, the link to the reply page, then the thread so far, newest first.
 * Message texts are the visitor's and agents' words: always escaped, never markup.
 */
export function offlineReplyEmail(lang: Lang, args: OfflineReplyArgs) {
  const when = new Intl.DateTimeFormat(lang === "fr" ? "fr-FR" : "en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: args.timeZone });
  const expiryDate = new Intl.DateTimeFormat(lang === "fr" ? "fr-FR" : "en-GB", { dateStyle: "long", timeZone: args.timeZone }).format(args.linkExpiresAt);
  const marker = `## ${translate(lang, "email.offlineReply.marker")} ##`;
  const intro = translate(lang, "email.offlineReply.intro", { agent: args.agent, site: args.site });
  const how = translate(lang, args.answerByEmail ? "email.offlineReply.byEmail" : "email.offlineReply.byLink");
  const expiry = translate(lang, "email.offlineReply.expiry", { date: expiryDate });
  const history = translate(lang, "email.offlineReply.history");
  const you = translate(lang, "email.offlineReply.you");
  const earlier = [...args.earlier].reverse().map((entry) => ({ ...entry, who: entry.author === "visitor" ? you : entry.name, date: when.format(entry.at) }));

  const text = [
    ...(args.answerByEmail ? [marker, ""] : []),
    intro,
    "",
    args.reply,
    "",
    how,
    args.link,
    expiry,
    ...(earlier.length ? ["", `— ${history} —`, ...earlier.flatMap((e) => ["", `${e.who}, ${e.date}:`, e.text])] : []),
    "",
  ].join("\n");

  const muted = "color:#6b7280;font-size:13px";
  const html = [
    '<div style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;font-size:15px;line-height:1.5;color:#1f2933;max-width:40rem">',
    args.answerByEmail ? `<p style="${muted}">${escapeHtml(marker)}</p>` : "",
    `<p>${escapeHtml(intro)}</p>`,
    `<p style="padding:12px 16px;background:#f4f5f7;border-radius:8px">${htmlText(args.reply)}</p>`,
    `<p>${escapeHtml(how)}<br><a href="${escapeHtml(args.link)}">${escapeHtml(translate(lang, "email.offlineReply.linkLabel"))}</a></p>`,
    `<p style="${muted}">${escapeHtml(expiry)}</p>`,
    earlier.length ? `<hr style="border:none;border-top:1px solid #e5e7eb"><p style="${muted}">${escapeHtml(history)}</p>` : "",
    ...earlier.map((e) => `<p><strong>${escapeHtml(e.who)}</strong> <span style="${muted}">${escapeHtml(e.date)}</span><br>${htmlText(e.text)}</p>`),
    "</div>",
  ].join("");

  return { subject: translate(lang, "email.offlineReply.subject", { site: args.site }), text, html };
}
