// Texts of the offline form, its confirmation and the notice that nobody is available, in English and French. Kept apart from i18n.ts
// so they travel in the form's chunk, not in every visitor's first load.
import { fillPlaceholders, type Params } from "../../../client/lang";
import { lang } from "./language";

const en = {
  unavailable: "No one is available right now.",
  nobodyAvailable: "No one is available right now. Please try again later.",
  offlineTitle: "Leave us a message",
  offlineIntro: "We’ll answer by email as soon as we can.",
  offlineName: "Your name",
  offlineEmail: "Your email",
  offlinePhone: "Your phone number",
  offlineMessage: "Your message",
  optional: "(optional)",
  offlineSend: "Send my message",
  offlineSending: "Sending…",
  "required.name": "Enter your name.",
  "required.email": "Enter your email address.",
  "required.phone": "Enter your phone number.",
  "required.message": "Write your message.",
  badEmail: "Enter a valid email address, like name@example.com.",
  badPhone: "Enter a phone number: digits, spaces and + ( ) . - only.",
  fieldTooLong: "At most {max} characters: remove {count}.",
  checkFields: "Check the highlighted fields.",
  notOffline: "This form is closed: the conversation has moved on.",
  sendNetwork: "Your message was not sent: you seem to be offline. Check your connection and try again.",
  sendRateLimited: "Your message was not sent: too many tries. Wait a moment and try again.",
  sendFailed: "Your message was not sent. Please try again.",
  sentTo: "Thank you! Your message was sent. We’ll answer at {email}.",
  sentByEmail: "Thank you! Your message was sent. We’ll answer by email.",
};

// French typography: a narrow no-break space (\u202f) before ? ! : and inside « ».
const fr: typeof en = {
  unavailable: "Personne n’est disponible pour le moment.",
  nobodyAvailable: "Personne n’est disponible pour le moment. Réessayez plus tard.",
  offlineTitle: "Laissez-nous un message",
  offlineIntro: "Nous vous répondrons par e-mail dès que possible.",
  offlineName: "Votre nom",
  offlineEmail: "Votre e-mail",
  offlinePhone: "Votre numéro de téléphone",
  offlineMessage: "Votre message",
  optional: "(facultatif)",
  offlineSend: "Envoyer mon message",
  offlineSending: "Envoi…",
  "required.name": "Indiquez votre nom.",
  "required.email": "Indiquez votre adresse e-mail.",
  "required.phone": "Indiquez votre numéro de téléphone.",
  "required.message": "Écrivez votre message.",
  badEmail: "Indiquez une adresse e-mail valide, comme nom@exemple.fr.",
  badPhone: "Indiquez un numéro de téléphone\u202f: chiffres, espaces et + ( ) . - uniquement.",
  fieldTooLong: "{max} caractères au plus\u202f: retirez-en {count}.",
  checkFields: "Vérifiez les champs signalés.",
  notOffline: "Ce formulaire est fermé\u202f: la conversation a continué.",
  sendNetwork: "Votre message n’a pas été envoyé\u202f: vous semblez hors ligne. Vérifiez votre connexion et réessayez.",
  sendRateLimited: "Votre message n’a pas été envoyé\u202f: trop d’essais. Patientez un instant et réessayez.",
  sendFailed: "Votre message n’a pas été envoyé. Veuillez réessayer.",
  sentTo: "Merci\u202f! Votre message a bien été envoyé. Nous vous répondrons à {email}.",
  sentByEmail: "Merci\u202f! Votre message a bien été envoyé. Nous vous répondrons par e-mail.",
};

export type OfflineKey = keyof typeof en;
export const offlineDictionaries = { en, fr };

/** The text in the widget's current language, with `{name}` placeholders filled. */
export function offlineText(key: OfflineKey, params?: Params): string {
  const current = lang();
  return fillPlaceholders(offlineDictionaries[current][key], params, current);
}
