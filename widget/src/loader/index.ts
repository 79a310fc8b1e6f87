// The loader: the only Raibu code on a customer's page. No framework; it draws the
// launcher, owns the iframe that runs the widget app, and exposes `window.Raibu`.
import type { HostToWidget, LauncherLook, WidgetEventName } from "../hostProtocol";
import { isWidgetMessage } from "../hostProtocol";

type Listener = (data?: unknown) => void;
interface RaibuApi {
  open(): void;
  close(): void;
  toggle(): void;
  /** `{ token }`: an identity token (JWT) signed by the host site's server. `(user, hash)`: the older user-id HMAC. */
  identify(user: { token: string } | { id: string; name?: string; email?: string }, hash?: string): void;
  on(event: WidgetEventName, listener: Listener): () => void;
}

declare global {
  interface Window {
    Raibu?: RaibuApi;
  }
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

function boot() {
  if (window.Raibu) return;
  const script =
    (document.currentScript as HTMLScriptElement | null) ??
    document.querySelector<HTMLScriptElement>("script[data-interface][src*='widget.js']");
  const interfaceId = script?.dataset.interface;
  if (!script || !interfaceId) return;
  const origin = new URL(script.src).origin;

  const host = document.createElement("div");
  host.id = "raibu-widget";
  const root = host.attachShadow({ mode: "open" });
  root.innerHTML = `<style>${CSS}</style><button class="l" type="button" aria-expanded="false">${ICON}<span class="b" hidden></span></button>`;
  const button = root.querySelector("button")!;
  const badge = root.querySelector<HTMLElement>(".b")!;

  const frame = document.createElement("iframe");
  frame.className = "f";
  frame.title = "Chat";
  frame.allow = "microphone; camera; autoplay; clipboard-write";
  frame.src = `${origin}/widget/?interface=${encodeURIComponent(interfaceId)}`;
  root.append(frame);
  document.body.append(host);

  let ready = false;
  let isOpen = false;
  const pending: HostToWidget[] = [];
  const listeners = new Map<string, Set<Listener>>();
  const emit = (name: string, data?: unknown) => listeners.get(name)?.forEach((fn) => fn(data));
  const post = (msg: HostToWidget) => (ready ? frame.contentWindow?.postMessage(msg, origin) : pending.push(msg));

  const place = (look: LauncherLook) => {
    button.style.background = look.color;
    button.setAttribute("aria-label", look.label);
    for (const el of [button, frame]) {
      el.style.left = look.position === "left" ? "20px" : "";
      el.style.right = look.position === "left" ? "" : "20px";
    }
  };
  place({ color: "#2563eb", label: "Chat", position: "right" });

  const setOpen = (open: boolean) => {
    if (open === isOpen) return;
    isOpen = open;
    frame.classList.toggle("o", open);
    button.setAttribute("aria-expanded", String(open));
    post({ raibu: 1, type: open ? "open" : "close" });
    emit(open ? "open" : "close");
  };

  const sendPage = () =>
    post({ raibu: 1, type: "page", page: { url: location.href, referrer: document.referrer, title: document.title } });

  window.addEventListener("message", (event) => {
    if (event.origin !== origin || event.source !== frame.contentWindow || !isWidgetMessage(event.data)) return;
    const msg = event.data;
    if (msg.type === "ready") {
      ready = true;
      place(msg.launcher);
      pending.splice(0).forEach(post);
      emit("ready");
    } else if (msg.type === "close") {
      // Closed from inside (its × or Escape): the keyboard goes back to the launcher, not to a hidden frame.
      setOpen(false);
      button.focus();
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

  button.addEventListener("click", () => setOpen(!isOpen));

  window.Raibu = {
    open: () => setOpen(true),
    close: () => setOpen(false),
    toggle: () => setOpen(!isOpen),
    identify: (user, hash) =>
      post("token" in user ? { raibu: 1, type: "identify", token: user.token } : { raibu: 1, type: "identify", userId: user.id, hash: hash ?? "", name: user.name, email: user.email }),
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      return () => listeners.get(event)?.delete(listener);
    },
  };
}

if (document.body) boot();
else document.addEventListener("DOMContentLoaded", boot);
