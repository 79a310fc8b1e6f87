// The widget's language and translate function, shared through Solid context.
import { createContext, useContext } from "solid-js";
import type { Lang, Translate } from "./i18n";

export interface WidgetI18n {
  t: Translate;
  lang: () => Lang;
}

export const I18nContext = createContext<WidgetI18n>();

export function useI18n(): WidgetI18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error("useI18n outside I18nContext.Provider");
  return context;
}
