// A WebSocket the test plays the server of, and the few browser globals client/liveSocket.ts
// reads, so socket code runs in Node with a fake clock.
import { vi } from "vitest";

export class ScriptedSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static made: ScriptedSocket[] = [];
  readyState = ScriptedSocket.CONNECTING;
  sent: string[] = [];
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  constructor(readonly url: string) {
    ScriptedSocket.made.push(this);
  }
  send(text: string) {
    this.sent.push(text);
  }
  close() {
    this.readyState = ScriptedSocket.CLOSED;
  }
  /** The server side: opens and says something. */
  receive(frame: unknown) {
    this.readyState = ScriptedSocket.OPEN;
    this.onmessage?.({ data: typeof frame === "string" ? frame : JSON.stringify(frame) });
  }
  /** The connection closes, by default abnormally (1006, as a network loss). */
  drop(code = 1006) {
    this.readyState = ScriptedSocket.CLOSED;
    this.onclose?.({ code });
  }
}

export const latest = () => ScriptedSocket.made.at(-1)!;

/** Fake timers, the scripted WebSocket, and a window, document and location to listen on. */
export function installBrowser() {
  vi.useFakeTimers();
  ScriptedSocket.made = [];
  vi.stubGlobal("WebSocket", ScriptedSocket);
  vi.stubGlobal("window", new EventTarget());
  vi.stubGlobal("document", Object.assign(new EventTarget(), { visibilityState: "visible" }));
  vi.stubGlobal("location", { protocol: "https:", host: "chat.test", href: "https://chat.test/" });
}

export function uninstallBrowser() {
  vi.useRealTimers();
  vi.unstubAllGlobals();
}
