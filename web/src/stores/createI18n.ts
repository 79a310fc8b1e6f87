// The current language as a reactive store: translations, dates, and the remembered choice.
import { createSignal } from "solid-js";
import { createProvider } from "../lib/createProvider";
import { detectLang, LANG_STORAGE_KEY, translate, type Lang, type MessageKey, type Params } from "../lib/i18n";

function readStored(): string | null {
  try {
    return localStorage.getItem(LANG_STORAGE_KEY);
  } catch {
    return null; // storage can be off (privacy modes); the browser language still works
  }
}

export function createI18n() {
  const preferred = typeof navigator === "undefined" ? [] : navigator.languages?.length ? navigator.languages : [navigator.language];
  const [lang, setLangSignal] = createSignal<Lang>(detectLang(readStored(), preferred));
  const hasStoredChoice = () => readStored() !== null;

  const apply = (next: Lang) => {
    setLangSignal(next);
    if (typeof document !== "undefined") document.documentElement.lang = next;
  };
  apply(lang());

  /** An explicit choice by the agent: remembered in this browser. */
  function setLang(next: Lang) {
    apply(next);
    try {
      localStorage.setItem(LANG_STORAGE_KEY, next);
    } catch {
      // not remembered, still applied
    }
  }

  /** The language saved on the account, used only when this browser has no choice of its own. */
  function adoptAccountLang(next: Lang | null) {
    if (next && !hasStoredChoice()) apply(next);
  }

  const t = (key: MessageKey, params?: Params) => translate(lang(), key, params);

  const dateTime = (ms: number) => new Intl.DateTimeFormat(lang(), { dateStyle: "medium", timeStyle: "short" }).format(ms);

  return { lang, setLang, adoptAccountLang, t, dateTime };
}

export type I18n = ReturnType<typeof createI18n>;

export const [I18nProvider, useI18n] = createProvider<I18n>("I18n");
