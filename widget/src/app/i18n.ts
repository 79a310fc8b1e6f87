// The widget's texts in English and French, `{name}` interpolation, and the translation
// of system notices, which the server stores as codes so each viewer reads their language.
import type { SystemNotice } from "@raibu/protocol/realtime";
import { fillPlaceholders, type Lang, type Params } from "../../../client/lang";
import { noticeText as sharedNoticeText } from "../../../client/notices";

const en = {
  defaultTitle: "Chat with us",
  launcherLabel: "Chat with us",
  close: "Close the chat",
  messages: "Messages",
  loading: "Loading…",
  connecting: "Connecting…",
  reconnecting: "Connection lost. Reconnecting…",
  sessionFailed: "The chat could not be loaded.",
  originNotAllowed: "This chat is not available on this website.",
  missingInterface: "This chat is not set up correctly.",
  tryAgain: "Try again",
  somethingWrong: "Something went wrong. Please try again.",
  placeholder: "Write a message…",
  messageLabel: "Your message",
  answerName: "Your name",
  answerEmail: "Your email",
  answerPhone: "Your phone number",
  answerText: "Your answer",
  choices: "Choose an answer",
  send: "Send",
  attach: "Attach a file",
  uploading: "Uploading {name}… {percent}%",
  fileTooLarge: "“{name}” is larger than {max}. Choose a smaller file.",
  fileType: "Files of this type cannot be sent.",
  uploadFailed: "The file could not be sent.",
  charsLeft: "{count, plural, one {# character left} other {# characters left}}",
  tooLong: "Messages are limited to {max} characters. Remove {count} to send.",
  sending: "Sending",
  sent: "Sent",
  notSent: "Not sent.",
  retry: "Retry",
  seen: "Seen",
  agentTyping: "{name} is typing…",
  someoneTyping: "Someone is typing…",
  talkToPerson: "Talk to a person",
  videoChat: "Video chat",
  waiting: "Waiting for an agent…",
  waitingVideo: "Waiting for an agent to start the video call…",
  timeLeft: "{time} left",
  timeUp: "Any moment now…",
  ended: "The conversation has ended",
  newConversation: "Start a new conversation",
  callReady: "Video call ready",
  join: "Join",
  opensInNewTab: "(opens in a new tab)",
  download: "Download {name}",
  agentAvatar: "Agent {name}",
  networkError: "You seem to be offline. Check your connection.",
  rateLimited: "You're going a little fast: we'll send it in a moment.",
  rateLimitedLoading: "Many people are chatting right now: trying again in a moment…",
  "notice.takeover": "{agent} has taken over the chat",
  "notice.accepted.live": "{agent} accepted the request",
  "notice.accepted.video": "{agent} accepted the request",
  "notice.transferred": "{from} transferred the chat to {to}",
  "notice.closed": "The conversation has ended",
  "notice.closedBy": "The conversation has ended",
  "notice.requestTimeout": "No one is available right now",
  "notice.nobodyOnline": "No one is online right now",
  "notice.outsideHours": "We’re closed right now",
  "notice.outsideHoursUntil": "We’re closed right now. We’ll be back {when}.",
  waitingUnattended: "No one is online right now. Your request stays open in case someone comes back.",
  "notice.keptAsMessage": "Your message was passed on to the team",
  "notice.offlineFormSent": "Message sent: the team will answer by email",
  "notice.callJoined.agent": "The agent joined the call",
  "notice.callJoined.visitor": "You joined the call",
  "notice.callEnded": "Call ended ({duration})",
  "notice.appointmentBooked": "Booked: {when}",
  "notice.requested.live": "You asked to talk to a person",
  "notice.requested.video": "You asked for a video chat",
};

export type MessageKey = keyof typeof en;
export type Dictionary = Record<MessageKey, string>;

// French typography: a narrow no-break space (\u202f) before ? ! : and inside « ».
const fr: Dictionary = {
  defaultTitle: "Discutons",
  launcherLabel: "Discuter avec nous",
  close: "Fermer la discussion",
  messages: "Messages",
  loading: "Chargement…",
  connecting: "Connexion…",
  reconnecting: "Connexion perdue. Reconnexion…",
  sessionFailed: "Le chat n’a pas pu être chargé.",
  originNotAllowed: "Ce chat n’est pas disponible sur ce site.",
  missingInterface: "Ce chat n’est pas configuré correctement.",
  tryAgain: "Réessayer",
  somethingWrong: "Une erreur est survenue. Veuillez réessayer.",
  placeholder: "Écrivez un message…",
  messageLabel: "Votre message",
  answerName: "Votre nom",
  answerEmail: "Votre e-mail",
  answerPhone: "Votre numéro de téléphone",
  answerText: "Votre réponse",
  choices: "Choisissez une réponse",
  send: "Envoyer",
  attach: "Joindre un fichier",
  uploading: "Envoi de {name}… {percent}\u202f%",
  fileTooLarge: "«\u202f{name}\u202f» dépasse {max}. Choisissez un fichier plus petit.",
  fileType: "Ce type de fichier ne peut pas être envoyé.",
  uploadFailed: "Le fichier n’a pas pu être envoyé.",
  charsLeft: "{count, plural, one {Encore # caractère} other {Encore # caractères}}",
  tooLong: "Les messages sont limités à {max} caractères. Retirez-en {count} pour envoyer.",
  sending: "Envoi en cours",
  sent: "Envoyé",
  notSent: "Non envoyé.",
  retry: "Réessayer",
  seen: "Vu",
  agentTyping: "{name} écrit…",
  someoneTyping: "Quelqu’un écrit…",
  talkToPerson: "Parler à une personne",
  videoChat: "Appel vidéo",
  waiting: "En attente d’un agent…",
  waitingVideo: "En attente d’un agent pour l’appel vidéo…",
  timeLeft: "Encore {time}",
  timeUp: "D’un instant à l’autre…",
  ended: "La conversation est terminée",
  newConversation: "Commencer une nouvelle conversation",
  callReady: "Appel vidéo prêt",
  join: "Rejoindre",
  opensInNewTab: "(s’ouvre dans un nouvel onglet)",
  download: "Télécharger {name}",
  agentAvatar: "Agent {name}",
  networkError: "Vous semblez hors ligne. Vérifiez votre connexion.",
  rateLimited: "Vous allez un peu vite : nous l’envoyons dans un instant.",
  rateLimitedLoading: "Beaucoup de monde discute en ce moment : nouvel essai dans un instant…",
  "notice.takeover": "{agent} a repris le chat",
  "notice.accepted.live": "{agent} a accepté la demande",
  "notice.accepted.video": "{agent} a accepté la demande",
  "notice.transferred": "{from} a transféré le chat à {to}",
  "notice.closed": "La conversation est terminée",
  "notice.closedBy": "La conversation est terminée",
  "notice.requestTimeout": "Personne n’est disponible pour le moment",
  "notice.nobodyOnline": "Personne n’est en ligne pour le moment",
  "notice.outsideHours": "Nous sommes fermés pour le moment",
  "notice.outsideHoursUntil": "Nous sommes fermés pour le moment. De retour {when}.",
  waitingUnattended: "Personne n’est en ligne pour le moment. Votre demande reste ouverte au cas où quelqu’un revienne.",
  "notice.keptAsMessage": "Votre message a été transmis à l’équipe",
  "notice.offlineFormSent": "Message envoyé : l’équipe vous répondra par e-mail",
  "notice.callJoined.agent": "L’agent a rejoint l’appel",
  "notice.callJoined.visitor": "Vous avez rejoint l’appel",
  "notice.callEnded": "Appel terminé ({duration})",
  "notice.appointmentBooked": "Rendez-vous : {when}",
  "notice.requested.live": "Vous avez demandé à parler à une personne",
  "notice.requested.video": "Vous avez demandé un appel vidéo",
};

export { browserLang, isLang, LANGS, type Lang, type Params } from "../../../client/lang";
export const dictionaries: Record<Lang, Dictionary> = { en, fr };

export type Translate = (key: MessageKey, params?: Params) => string;

/** The text in `lang`, English when missing there, with `{name}` placeholders filled. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  return fillPlaceholders(dictionaries[lang][key] ?? en[key] ?? key, params, lang);
}

/** A system notice in the reader's language (client/notices.ts picks the sentence). */
export const noticeText = (t: Translate, notice: SystemNotice): string => sharedNoticeText(notice, (key, params) => t(`notice.${key}`, params));

/** "m:ss left"; once the time is up, that the answer is coming (the server decides), never a 0:00 that stays. */
export const countdownText = (t: Translate, ms: number): string => (ms > 0 ? t("timeLeft", { time: formatCountdown(ms) }) : t("timeUp"));

/** Seconds left as m:ss, never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}
