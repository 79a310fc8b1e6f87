// The sample conversation of the console's preview, with its texts: in its own chunk, since only
// the preview shows it.
import type { TimelineItem } from "../../../client/timeline";
import type { Lang } from "./i18n";

// French typography: a narrow no-break space (\u202f) before ? ! : and inside « ».
const texts: Record<Lang, { greeting: string; question: string; agent: string; reply: string }> = {
  en: {
    greeting: "Hello! How can we help you today?",
    question: "Hi, can I still change my delivery address?",
    agent: "Alex",
    reply: "Of course! Send me your order number and I’ll update it.",
  },
  fr: {
    greeting: "Bonjour\u202f! Comment pouvons-nous vous aider\u202f?",
    question: "Bonjour, puis-je encore modifier mon adresse de livraison\u202f?",
    agent: "Camille",
    reply: "Bien sûr\u202f! Envoyez-moi votre numéro de commande et je la mets à jour.",
  },
};

/** The bot's greeting (the list's welcome line) and the agent's name, in the preview's language. */
export const previewText = (lang: Lang) => texts[lang];

/** A visitor's question and the agent's reply. */
export function previewItems(lang: Lang, now: number): TimelineItem[] {
  const text = texts[lang];
  const row = (id: string, kind: "visitor" | "agent", said: string, minutesAgo: number): TimelineItem => ({
    id,
    seq: null,
    author: { kind, id: kind, name: kind === "agent" ? text.agent : null },
    text: said,
    attachment: null,
    notice: null,
    createdAt: now - minutesAgo * 60_000,
    state: "sent",
    error: null,
  });
  return [row("preview-visitor", "visitor", text.question, 2), row("preview-agent", "agent", text.reply, 1)];
}
