// Plain-text and HTML bodies of the account emails. Every interpolated value is escaped.
import { t, type Locale } from "./i18n";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function linkEmail(intro: string, link: string, footer: string) {
  return {
    text: `${intro}\n\n${link}\n\n${footer}\n`,
    html: `<p>${escapeHtml(intro)}</p><p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p><p style="color:#666">${escapeHtml(footer)}</p>`,
  };
}

export function inviteEmail(locale: Locale, args: { inviter: string; workspace: string; link: string }) {
  const s = t(locale);
  return { subject: s.inviteSubject(args.workspace), ...linkEmail(s.inviteBody(args.inviter, args.workspace), args.link, s.inviteExpiry) };
}

export function resetEmail(locale: Locale, args: { link: string }) {
  const s = t(locale);
  return { subject: s.resetSubject, ...linkEmail(s.resetBody, args.link, s.resetExpiry) };
}
