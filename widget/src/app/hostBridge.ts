// The widget app's side of the postMessage protocol with the loader on the host page.
import type { HostToWidget, WidgetToHost } from "../hostProtocol";
import { isHostMessage } from "../hostProtocol";

/** The host page's origin, learnt from the referrer of the iframe's first load. */
export const hostOrigin = document.referrer ? new URL(document.referrer).origin : "";

export function postToHost(msg: WidgetToHost) {
  if (hostOrigin && window.parent !== window) window.parent.postMessage(msg, hostOrigin);
}

export function onHostMessage(handler: (msg: HostToWidget) => void): () => void {
  const listener = (event: MessageEvent) => {
    if (event.source !== window.parent || event.origin !== hostOrigin || !isHostMessage(event.data)) return;
    handler(event.data);
  };
  window.addEventListener("message", listener);
  return () => window.removeEventListener("message", listener);
}
