// The widget's language and its translate function. One app runs per iframe, so they are
// module-level values every component imports, rather than a context passed down.
import { createSignal } from "solid-js";
import { browserLang, translate, type Lang, type Translate } from "./i18n";

export const [lang, setLang] = createSignal<Lang>(browserLang(typeof navigator === "undefined" ? [] : navigator.languages?.length ? navigator.languages : [navigator.language]));

export const t: Translate = (key, params) => translate(lang(), key, params);
