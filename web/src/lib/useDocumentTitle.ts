// Keeps the browser tab's title on the current page, in the current language.
import { createEffect } from "solid-js";

export function useDocumentTitle(title: () => string) {
  createEffect(() => {
    document.title = `${title()} · Raibu`;
  });
}
