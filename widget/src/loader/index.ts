// The loader: the only Raibu code on a customer's page. No framework; it draws the
// launcher, owns the iframe that runs the widget app (created only when the browser is idle
// or the launcher is about to be used), and exposes `window.Raibu`, draining the snippet's queue.
import type { QueuedCall } from "@raibu/protocol/embed";
import type { HostToWidget, LauncherLook, WidgetEventName } from "../hostProtocol";
import { isWidgetMessage } from "../hostProtocol";

type Listener = (data?: unknown) => void;
interface RaibuApi {
  open(): void;
  close(): void;
  toggle(): void;
  /** Hides the whole widget (launcher and window) until `show()`. */
  hide(): void;
  show(): void;
  /** `{ token }`: an identity token (JWT) signed by the host site's server. `(user, hash)`: the older user-id HMAC. */
  identify(user: { token: string } | { id: string; name?: string; email?: string }, hash?: string): void;
  on(event: WidgetEventName, listener: Listener): () => void;
  /** The host's logout: forgets this browser's visitor, so the next person at the computer starts anew. */
  shutdown(): void;
}

declare global {
  interface Window {
    /** The snippet's stub (with its queue `q`) until the loader runs, then the loader's API. */
    Raibu?: RaibuApi & { q?: QueuedCall[] };
  }
}

/** The browser may finish its own work first, but the chat is loaded within this long of the page's load. */
const IDLE_TIMEOUT_MS = 4000;
/** Where requestIdleCallback is missing (older Safari): this long after the page's load. */
const NO_IDLE_DELAY_MS = 1500;

/** The host page's storage (the look of the launcher, a pending forget); blocked storage only costs those. */
function stored(key: string, value?: string | null): string | null {
  try {
    if (value === undefined) return localStorage.getItem(key);
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // See above.
  }
  return null;
}

const CSS = `:host{all:initial}
.l{position:fixed;bottom:20px;z-index:2147483646;width:56px;height:56px;border-radius:50%;border:0;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center;color:#fff;transition:transform .15s}
.l:hover{transform:scale(1.06)}.l:focus-visible{outline:3px solid #111;outline-offset:3px}
.b{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;box-sizing:border-box;border-radius:10px;background:#e0245e;color:#fff;font:600 12px/20px system-ui,sans-serif;text-align:center}
.b[hidden]{display:none}
.f{position:fixed;bottom:88px;z-index:2147483647;width:380px;height:min(620px,calc(100vh - 110px));border:0;border-radius:14px;box-shadow:0 8px 30px rgba(0,0,0,.25);background:#fff;display:none}
.f.o{display:block}
@media (max-width:480px){.f{inset:0;left:0!important;right:0!important;width:100%;height:100%;border-radius:0}}`;

const ICON = '<svg width="26" height="26" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';

// Read now: `document.currentScript` is only set while this script first runs.
const currentScript = document.currentScript as HTMLScriptElement | null;

function boot() {
  const stub = window.Raibu;
  // A second copy of the loader leaves the first in charge; the snippet's stub is replaced.
  if (stub && !stub.q) return;
  const script = currentScript ?? document.querySelector<HTMLScriptElement>("script[data-interface][src*='widget.js']");
  const interfaceId = script?.dataset.interface;
  if (!script || !interfaceId) return;
  const origin = new URL(script.src).origin;
  const lookKey = `raibu.look.${interfaceId}`;
  const forgetKey = `raibu.forget.${interfaceId}`;
  /** `none`: the host opens the chat from its own controls; a CSS selector: those elements are the launcher. */
  const launcher = script.dataset.launcher;

  const host = document.createElement("div");
  host.id = "raibu-widget";
  const root = host.attachShadow({ mode: "open" });
  root.innerHTML = `<style>${CSS}</style><button class="l" type="button" aria-expanded="false">${ICON}<span class="b" hidden></span></button>`;
  const button = root.querySelector("button")!;
  const badge = root.querySelector<HTMLElement>(".b")!;
  if (launcher) button.style.display = "none";
  document.body.append(host);

  /** The widget's iframe: created only when the browser is idle or the launcher is about to be used. */
  let frame: HTMLIFrameElement | null = null;
  let ready = false;
  let isOpen = false;
  let pending: HostToWidget[] = [];
  let look: LauncherLook = { color: "#2563eb", label: "Chat", position: "right" };
  const listeners = new Map<string, Set<Listener>>();
  const emit = (name: string, data?: unknown) => listeners.get(name)?.forEach((fn) => fn(data));
  const post = (msg: HostToWidget) => (ready && frame ? frame.contentWindow?.postMessage(msg, origin) : pending.push(msg));

  const place = (next: LauncherLook) => {
    look = next;
    button.style.background = look.color;
    button.setAttribute("aria-label", look.label);
    for (const el of frame ? [button, frame] : [button]) {
      el.style.left = look.position === "left" ? "20px" : "";
      el.style.right = look.position === "left" ? "" : "20px";
    }
  };
  // The look the widget last reported, so a returning visitor's launcher is drawn right before the widget loads.
  try {
    place({ ...look, ...JSON.parse(stored(lookKey) ?? "{}") });
  } catch {
    place(look);
  }

  const load = () => {
    if (frame) return;
    frame = document.createElement("iframe");
    frame.className = isOpen ? "f o" : "f";
    frame.title = "Chat";
    frame.allow = "microphone; camera; autoplay; clipboard-write";
    // After `shutdown()` (perhaps on a page since left), the widget forgets the visitor before its session.
    frame.src = `${origin}/widget/?interface=${encodeURIComponent(interfaceId)}${stored(forgetKey) ? "&forget=1" : ""}`;
    root.append(frame);
    place(look);
  };

  const setOpen = (open: boolean) => {
    if (open === isOpen) return;
    isOpen = open;
    if (open) load();
    frame?.classList.toggle("o", open);
    button.setAttribute("aria-expanded", String(open));
    post({ raibu: 1, type: open ? "open" : "close" });
    emit(open ? "open" : "close");
  };

  const sendPage = () =>
    post({ raibu: 1, type: "page", page: { url: location.href, referrer: document.referrer, title: document.title } });

  window.addEventListener("message", (event) => {
    if (!frame || event.origin !== origin || event.source !== frame.contentWindow || !isWidgetMessage(event.data)) return;
    const msg = event.data;
    if (msg.type === "ready") {
      ready = true;
      place(msg.launcher);
      stored(lookKey, JSON.stringify(msg.launcher));
      stored(forgetKey, null);
      pending.splice(0).forEach(post);
      emit("ready");
    } else if (msg.type === "close") {
      // Closed from inside (its × or Escape): the keyboard goes back to the launcher, not to a hidden frame.
      setOpen(false);
      if (!launcher) button.focus();
    }
    else if (msg.type === "unread") {
      badge.hidden = msg.count === 0;
      badge.textContent = msg.count > 99 ? "99+" : String(msg.count);
      emit("unread", msg.count);
    } else if (msg.type === "event") emit(msg.name, msg.data);
  });

  // Single-page sites change pages without loading: report each change.
  for (const method of ["pushState", "replaceState"] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History["pushState"]>) {
      original.apply(this, args);
      sendPage();
    };
  }
  window.addEventListener("popstate", sendPage);
  sendPage();
  // The snippet may carry the signed-in user's identity token: sent once the widget is ready.
  const identityToken = script.dataset.identityToken;
  if (identityToken) post({ raibu: 1, type: "identify", token: identityToken });

  // The launcher about to be used (hovered, focused, pressed) loads the widget before the click lands.
  const touched = (target: EventTarget | null) => {
    if (!launcher) return target === host;
    try {
      return launcher !== "none" && target instanceof Element && !!target.closest(launcher);
    } catch {
      return false; // Not a valid selector: no element is the launcher, Raibu.open() still works.
    }
  };
  for (const type of ["pointerover", "focusin", "pointerdown"]) {
    document.addEventListener(
      type,
      (event) => {
        if (!touched(event.target)) return;
        load();
        // Pressed to open (not to close): the conversation starts during the press, before the click lands.
        if (type === "pointerdown" && !isOpen && ready) post({ raibu: 1, type: "opening" });
      },
      { passive: true, capture: true },
    );
  }
  if (launcher) document.addEventListener("click", (event) => touched(event.target) && setOpen(!isOpen));
  else button.addEventListener("click", () => setOpen(!isOpen));

  // Otherwise the widget loads once the page has and the browser has nothing better to do.
  const whenIdle = () => ("requestIdleCallback" in window ? requestIdleCallback(load, { timeout: IDLE_TIMEOUT_MS }) : setTimeout(load, NO_IDLE_DELAY_MS));
  if (document.readyState === "complete") whenIdle();
  else window.addEventListener("load", whenIdle, { once: true });

  const api: RaibuApi = {
    open: () => setOpen(true),
    close: () => setOpen(false),
    toggle: () => setOpen(!isOpen),
    hide: () => (host.style.display = "none"),
    show: () => (host.style.display = ""),
    identify: (user, hash) =>
      post("token" in user ? { raibu: 1, type: "identify", token: user.token } : { raibu: 1, type: "identify", userId: user.id, hash: hash ?? "", name: user.name, email: user.email }),
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      return () => listeners.get(event)?.delete(listener);
    },
    shutdown() {
      // Kept in the host page's storage, so the forget survives the logout's navigation; the next widget loaded acts on it.
      stored(forgetKey, "1");
      setOpen(false);
      frame?.remove();
      frame = null;
      ready = false;
      pending = [];
      badge.hidden = true;
      sendPage();
    },
  };
  window.Raibu = api;
  // Calls the page made before this script arrived, in their order.
  for (const [method, args] of stub?.q ?? []) (api[method] as (...a: unknown[]) => void)(...Array.from(args));
}

if (document.body) boot();
else document.addEventListener("DOMContentLoaded", boot);
