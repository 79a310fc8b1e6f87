// The widget app's side of the postMessage protocol with the loader on the host page.
import type { HostPageInfo, HostToWidget, WidgetToHost } from "../hostProtocol";
import { isHostMessage } from "../hostProtocol";

/** True when the app runs in the loader's iframe, false when /widget/ is opened directly. */
export const embedded = window.parent !== window;

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "";
  }
}

/**
 * The host page's origin. `ancestorOrigins` is exact and ignores the host's referrer
 * policy (Chromium, Safari); elsewhere the referrer of the iframe's first load says it.
 */
export const hostOrigin: string = embedded
  ? (location.ancestorOrigins?.[0] ?? "") || originOf(document.referrer)
  : location.origin;

/** What is known of the host page before the loader's first `page` message. */
export function referrerPage(): HostPageInfo {
  return { url: document.referrer || hostOrigin, title: "", referrer: "" };
}

export function postToHost(msg: WidgetToHost) {
  if (embedded && hostOrigin) window.parent.postMessage(msg, hostOrigin);
}

export function onHostMessage(handler: (msg: HostToWidget) => void): () => void {
  const listener = (event: MessageEvent) => {
    if (!embedded || event.source !== window.parent || event.origin !== hostOrigin || !isHostMessage(event.data)) return;
    handler(event.data);
  };
  window.addEventListener("message", listener);
  return () => window.removeEventListener("message", listener);
}
