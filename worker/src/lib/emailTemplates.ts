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
