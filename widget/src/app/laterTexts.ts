// Texts of the views loaded on demand (the rating, earlier conversations), in English and French.
// Kept apart from i18n.ts so they travel in those views' chunks, not in every visitor's first load.
import { fillPlaceholders, type Params } from "../../../client/lang";
import { lang } from "./language";

const en = {
  rateTitle: "How was this conversation?",
  rateStars: "Your rating",
  star: "{count, plural, one {# star out of 5} other {# stars out of 5}}",
  rateComment: "Anything to add? (optional)",
  rateSend: "Send my rating",
  rateThanks: "Thank you for your feedback!",
  rateNotSent: "Your rating could not be sent. Please try again.",
  rateRefused: "Your rating could not be saved.",
  earlier: "{count, plural, one {Earlier conversation} other {Earlier conversations}}",
  earlierHide: "Hide earlier conversations",
  earlierFailed: "Earlier conversations could not be loaded.",
  earlierLoading: "Loading earlier conversations…",
  conversationOf: "Conversation of {date}",
  yourRating: "You rated it {score} out of 5",
};

// French typography: a narrow no-break space (\u202f) before ? ! : and inside « ».
const fr: typeof en = {
  rateTitle: "Comment s’est passée cette conversation\u202f?",
  rateStars: "Votre note",
  star: "{count, plural, one {# étoile sur 5} other {# étoiles sur 5}}",
  rateComment: "Quelque chose à ajouter\u202f? (facultatif)",
  rateSend: "Envoyer ma note",
  rateThanks: "Merci pour votre avis\u202f!",
  rateNotSent: "Votre note n’a pas pu être envoyée. Veuillez réessayer.",
  rateRefused: "Votre note n’a pas pu être enregistrée.",
  earlier: "{count, plural, one {Conversation précédente} other {Conversations précédentes}}",
  earlierHide: "Masquer les conversations précédentes",
  earlierFailed: "Les conversations précédentes n’ont pas pu être chargées.",
  earlierLoading: "Chargement des conversations précédentes…",
  conversationOf: "Conversation du {date}",
  yourRating: "Vous l’avez notée {score} sur 5",
};

export type LaterKey = keyof typeof en;
export const laterDictionaries = { en, fr };

/** The text in the widget's current language, with `{name}` placeholders filled. */
export function later(key: LaterKey, params?: Params): string {
  const current = lang();
  return fillPlaceholders(laterDictionaries[current][key], params, current);
}
