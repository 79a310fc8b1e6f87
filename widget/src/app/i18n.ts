// The widget's texts in English and French; the language follows the visitor's browser.
const en = {
  title: "Chat with us",
  close: "Close the chat",
  greeting: "Hi! How can we help you today?",
  placeholder: "Write a message…",
  send: "Send",
};
type Dict = typeof en;
const fr: Dict = {
  title: "Discutons",
  close: "Fermer la discussion",
  greeting: "Bonjour ! Comment pouvons-nous vous aider ?",
  placeholder: "Écrivez un message…",
  send: "Envoyer",
};

export type WidgetLang = "en" | "fr";
export const dictionaries: Record<WidgetLang, Dict> = { en, fr };

export function browserLang(): WidgetLang {
  return navigator.language.toLowerCase().startsWith("fr") ? "fr" : "en";
}
