// Small reactive sources of the browser: a ticking clock, a media query, page visibility.
import { createSignal, onCleanup, type Accessor } from "solid-js";

/** The time, refreshed every `everyMs`: drives "waiting 0:42" and countdowns. */
export function createNow(everyMs = 1000): Accessor<number> {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), everyMs);
  onCleanup(() => clearInterval(timer));
  return now;
}

export function createMediaQuery(query: string): Accessor<boolean> {
  const list = window.matchMedia(query);
  const [matches, setMatches] = createSignal(list.matches);
  const onChange = () => setMatches(list.matches);
  list.addEventListener("change", onChange);
  onCleanup(() => list.removeEventListener("change", onChange));
  return matches;
}

export function createPageVisible(): Accessor<boolean> {
  const [visible, setVisible] = createSignal(document.visibilityState === "visible");
  const onChange = () => setVisible(document.visibilityState === "visible");
  document.addEventListener("visibilitychange", onChange);
  onCleanup(() => document.removeEventListener("visibilitychange", onChange));
  return visible;
}
