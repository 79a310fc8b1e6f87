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

/**
 * An invitation to an address that already has an account in another workspace: the
 * inviter is told nothing different, and the person learns why there is no link to follow.
 */
export function inviteTakenEmail(locale: Locale, args: { inviter: string; workspace: string }) {
  const s = t(locale);
  const body = s.inviteTakenBody(args.inviter, args.workspace);
  const hint = s.inviteTakenHint(args.inviter);
  return {
    subject: s.inviteSubject(args.workspace),
    text: `${body}\n\n${hint}\n`,
    html: `<p>${escapeHtml(body)}</p><p style="color:#666">${escapeHtml(hint)}</p>`,
  };
}

export function resetEmail(locale: Locale, args: { link: string }) {
  const s = t(locale);
  return { subject: s.resetSubject, ...linkEmail(s.resetBody, args.link, s.resetExpiry) };
}
