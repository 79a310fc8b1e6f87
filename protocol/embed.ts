// The snippet a website pastes to embed the widget: a one-line stub that queues `Raibu.*` calls
// made before the async loader arrives (the loader drains the queue), then the loader itself.
// The console's interface page and the demo site both show this exact text.

/** Every method of `window.Raibu`; the stub queues calls to these until the loader takes over. */
export const EMBED_METHODS = ["open", "close", "toggle", "show", "hide", "on", "identify", "shutdown"] as const;
export type EmbedMethod = (typeof EMBED_METHODS)[number];

/** A call the stub queued: the method's name and its arguments. */
export type QueuedCall = [EmbedMethod, ArrayLike<unknown>];

/** The inline stub: `window.Raibu.q` holds the queued calls; methods already defined are kept. */
export const EMBED_STUB = `window.Raibu=window.Raibu||{q:[]};"${EMBED_METHODS.join(" ")}".split(" ").forEach(function(m){Raibu[m]=Raibu[m]||function(){Raibu.q.push([m,arguments])}});`;

/** The whole snippet for `interfaceId` on a Raibu served at `origin` ("" for a relative src). */
export function embedSnippet(origin: string, interfaceId: string): string {
  return `<script>${EMBED_STUB}</script>\n<script src="${origin}/widget.js" data-interface="${interfaceId}" async></script>`;
}
