// What the built-in bot and the system notices say, in the interface's language. The
// notices also travel as codes so each reader's screen can translate them itself.
import type { SystemNotice } from "@raibu/protocol/realtime";

const texts = {
  en: {
    greeting: "Hi! How can we help you today?",
    reply: (offersRequest: boolean) =>
      offersRequest
        ? "Thanks for your message! If you'd like to talk to a person, use the buttons below."
        : "Thanks for your message! Someone from the team will get back to you here.",
    notice(n: SystemNotice): string {
      switch (n.code) {
        case "takeover":
          return `${n.agent} has taken over the chat`;
        case "accepted":
          return `${n.agent} accepted the request`;
        case "transferred":
          return `${n.from} transferred the chat to ${n.to}`;
        case "closed":
          return "The conversation has ended";
        case "request_timeout":
          return "No one is available right now";
        case "nobody_online":
          return "No one is online right now";
        case "requested":
          return n.kind === "video" ? "The visitor asked for a video chat" : "The visitor asked to talk to a person";
      }
    },
  },
  fr: {
    greeting: "Bonjour ! Comment pouvons-nous vous aider ?",
    reply: (offersRequest: boolean) =>
      offersRequest
        ? "Merci pour votre message ! Pour parler à une personne, utilisez les boutons ci-dessous."
        : "Merci pour votre message ! Quelqu'un de l'équipe vous répondra ici.",
    notice(n: SystemNotice): string {
      switch (n.code) {
        case "takeover":
          return `${n.agent} a repris le chat`;
        case "accepted":
          return `${n.agent} a accepté la demande`;
        case "transferred":
          return `${n.from} a transféré le chat à ${n.to}`;
        case "closed":
          return "La conversation est terminée";
        case "request_timeout":
          return "Personne n'est disponible pour le moment";
        case "nobody_online":
          return "Personne n'est en ligne pour le moment";
        case "requested":
          return n.kind === "video" ? "Le visiteur demande un chat vidéo" : "Le visiteur demande à parler à une personne";
      }
    },
  },
};

export function botTexts(language: "en" | "fr") {
  return texts[language];
}
