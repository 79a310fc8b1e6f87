// Keeps the browser tab's title on the current page, in the current language, led by the count
// of what waits for the agent ("(3) Live conversations · Raibu", set by the console's alerts).
import { createEffect, createSignal, onCleanup } from "solid-js";
import { withCount } from "./attention";

const [count, setCount] = createSignal(0);

export function useDocumentTitle(title: () => string) {
  createEffect(() => {
    document.title = withCount(`${title()} · Raibu`, count());
  });
}

/** The count every page's title leads with, while the caller lives. */
export function useTitleCount(value: () => number) {
  createEffect(() => setCount(value()));
  onCleanup(() => setCount(0));
}
