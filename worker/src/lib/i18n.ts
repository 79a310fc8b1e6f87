// Server-side texts that people read (emails, system messages), in English and French.
export const LOCALES = ["en", "fr"] as const;
export type Locale = (typeof LOCALES)[number];

export function pickLocale(value: string | null | undefined): Locale {
  return value?.toLowerCase().startsWith("fr") ? "fr" : "en";
}

/** The first language of an Accept-Language header that Raibu speaks. */
export function localeFromHeader(header: string | null | undefined): Locale {
  for (const part of (header ?? "").split(",")) {
    const tag = part.split(";")[0]?.trim().toLowerCase() ?? "";
    if (tag.startsWith("fr")) return "fr";
    if (tag.startsWith("en")) return "en";
  }
  return "en";
}

const texts = {
  en: {
    inviteSubject: (workspace: string) => `You are invited to ${workspace} on Raibu`,
    inviteBody: (inviter: string, workspace: string) =>
      `${inviter} invited you to answer visitors of ${workspace} on Raibu. Choose your password to join:`,
    inviteExpiry: "This link expires in 7 days.",
    inviteTakenBody: (inviter: string, workspace: string) =>
      `${inviter} invited you to answer visitors of ${workspace} on Raibu, but this email address already has a Raibu account in another workspace, and an account belongs to one workspace.`,
    inviteTakenHint: (inviter: string) => `To join, ask ${inviter} to invite another address of yours. If you did not expect this, ignore this email.`,
    resetSubject: "Reset your Raibu password",
    resetBody: "Someone asked to reset the password of your Raibu account. Choose a new one here:",
    resetExpiry: "This link expires in 1 hour. If you did not ask for it, ignore this email.",
  },
  fr: {
    inviteSubject: (workspace: string) => `Vous êtes invité·e à rejoindre ${workspace} sur Raibu`,
    inviteBody: (inviter: string, workspace: string) =>
      `${inviter} vous invite à répondre aux visiteurs de ${workspace} sur Raibu. Choisissez votre mot de passe pour rejoindre l'équipe :`,
    inviteExpiry: "Ce lien expire dans 7 jours.",
    inviteTakenBody: (inviter: string, workspace: string) =>
      `${inviter} vous invite à répondre aux visiteurs de ${workspace} sur Raibu, mais cette adresse e-mail a déjà un compte Raibu dans un autre espace, et un compte appartient à un seul espace.`,
    inviteTakenHint: (inviter: string) =>
      `Pour rejoindre l'équipe, demandez à ${inviter} d'inviter une autre de vos adresses. Si vous n'attendiez pas ce message, ignorez-le.`,
    resetSubject: "Réinitialisez votre mot de passe Raibu",
    resetBody: "Une réinitialisation du mot de passe de votre compte Raibu a été demandée. Choisissez-en un nouveau ici :",
    resetExpiry: "Ce lien expire dans 1 heure. Si vous n'en êtes pas à l'origine, ignorez cet e-mail.",
  },
} as const;

export function t(locale: Locale) {
  return texts[locale];
}
