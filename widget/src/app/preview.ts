// The console's live preview of an interface's look (`/widget/?interface=ID&preview=1` in an
// iframe of the console): a sample conversation, restyled as the console posts edits.
import { isLang, type Lang } from "./i18n";
import { DEFAULT_APPEARANCE, type Appearance } from "./theme";

/** From the console (same origin as the widget) to its preview iframe; not part of the loader's protocol. */
export interface PreviewMessage {
  raibu: 1;
  type: "preview";
  appearance: Appearance;
  language?: Lang;
}

export function isPreviewMessage(data: unknown): data is PreviewMessage {
  const msg = data as Partial<PreviewMessage> | null;
  return typeof msg === "object" && msg !== null && msg.raibu === 1 && msg.type === "preview" && typeof msg.appearance === "object" && msg.appearance !== null;
}

/** The look and language a preview message asks for; fields it leaves out keep their defaults. */
export function previewLook(msg: PreviewMessage): { appearance: Appearance; language: Lang | null } {
  return { appearance: { ...DEFAULT_APPEARANCE, ...msg.appearance }, language: isLang(msg.language) ? msg.language : null };
}

/** Only the console page that holds this iframe, on the widget's own origin, may restyle it. */
export function onPreviewMessage(handler: (msg: PreviewMessage) => void): () => void {
  const listener = (event: MessageEvent) => {
    if (event.origin === location.origin && event.source === window.parent && isPreviewMessage(event.data)) handler(event.data);
  };
  window.addEventListener("message", listener);
  return () => window.removeEventListener("message", listener);
}
