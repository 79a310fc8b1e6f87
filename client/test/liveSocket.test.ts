// The shared socket's rules with a scripted WebSocket and a fake clock: sends wait for the
// welcome, reconnects back off, a silent socket is replaced, the browser coming back online
// cuts the wait short, and close() stops everything.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openLiveSocket, PING_EVERY_MS, reconnectDelay, SESSION_ENDED_CODE, type LinkState } from "../liveSocket";
import { installBrowser, latest, ScriptedSocket, uninstallBrowser } from "./scriptedSocket";

type Frame = { type: string; n?: number };

function open(extra: { onClosedBeforeWelcome?: () => void; onEnded?: () => void } = {}) {
  const frames: { frame: Frame; reconnected: boolean }[] = [];
  const links: LinkState[] = [];
  let n = 0;
  const socket = openLiveSocket<Frame>({
    url: () => `ws://test/ws?attempt=${++n}`,
    welcome: "welcome",
    onFrame: (frame, { reconnected }) => frames.push({ frame, reconnected }),
    onLink: (state) => links.push(state),
    ...extra,
  });
  return { socket, frames, links };
}

beforeEach(installBrowser);
afterEach(uninstallBrowser);

describe("the live socket", () => {
  it("waits 1 s, 2 s, 4 s … and never more than 15 s between attempts", () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(reconnectDelay)).toEqual([1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  });

  it("holds sends until the server's welcome, then sends them as JSON", () => {
    const { socket, frames, links } = open();
    expect(links).toEqual(["connecting"]);
    expect(socket.send({ type: "typing" })).toBe(false);
    latest().receive({ type: "welcome" });
    expect(frames).toEqual([{ frame: { type: "welcome" }, reconnected: false }]);
    expect(links.at(-1)).toBe("open");
    expect(socket.send({ type: "typing" })).toBe(true);
    expect(latest().sent).toEqual(['{"type":"typing"}']);
  });

  it("lets the caller send from its welcome handler, so a resume goes out before anything else", () => {
    let socket: ReturnType<typeof openLiveSocket<Frame>> | null = null;
    const sentDuringWelcome: boolean[] = [];
    socket = openLiveSocket<Frame>({
      url: () => "ws://test/ws",
      welcome: "welcome",
      onFrame: (frame) => {
        if (frame.type === "welcome") sentDuringWelcome.push(socket!.send({ type: "resume" }));
      },
      onLink: () => {},
    });
    latest().receive({ type: "welcome" });
    expect(sentDuringWelcome).toEqual([true]);
  });

  it("reconnects after a close with growing waits, and marks the next welcome as a reconnection", () => {
    const { frames, links } = open();
    latest().receive({ type: "welcome" });
    latest().drop();
    expect(links.at(-1)).toBe("reconnecting");
    expect(ScriptedSocket.made).toHaveLength(1);
    vi.advanceTimersByTime(999);
    expect(ScriptedSocket.made).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(ScriptedSocket.made).toHaveLength(2);
    expect(latest().url).toBe("ws://test/ws?attempt=2");
    latest().drop();
    vi.advanceTimersByTime(1999);
    expect(ScriptedSocket.made).toHaveLength(2);
    vi.advanceTimersByTime(1);
    latest().receive({ type: "welcome" });
    expect(frames.at(-1)).toEqual({ frame: { type: "welcome" }, reconnected: true });
    // A welcome resets the back-off.
    latest().drop();
    vi.advanceTimersByTime(1000);
    expect(ScriptedSocket.made).toHaveLength(4);
  });

  it("pings every interval and replaces a socket that stayed silent for a whole one", () => {
    open();
    const first = latest();
    first.receive({ type: "welcome" });
    vi.advanceTimersByTime(PING_EVERY_MS);
    expect(first.sent).toEqual(['{"type":"ping"}']);
    first.receive({ type: "pong" });
    vi.advanceTimersByTime(PING_EVERY_MS);
    expect(first.sent).toHaveLength(2);
    expect(ScriptedSocket.made).toHaveLength(1);
    // No answer to the second ping: at the next tick the socket is given up and a new one tried.
    vi.advanceTimersByTime(PING_EVERY_MS);
    expect(first.readyState).toBe(ScriptedSocket.CLOSED);
    vi.advanceTimersByTime(1000);
    expect(ScriptedSocket.made).toHaveLength(2);
  });

  it("tries again at once when the browser is back online, instead of waiting out the back-off", () => {
    open();
    latest().receive({ type: "welcome" });
    for (let i = 0; i < 4; i++) {
      latest().drop();
      vi.advanceTimersByTime(reconnectDelay(i));
    }
    latest().drop();
    const before = ScriptedSocket.made.length;
    window.dispatchEvent(new Event("online"));
    expect(ScriptedSocket.made).toHaveLength(before + 1);
    // A socket already connecting is left alone.
    window.dispatchEvent(new Event("online"));
    document.dispatchEvent(new Event("visibilitychange"));
    expect(ScriptedSocket.made).toHaveLength(before + 1);
  });

  it("tells when a socket closed before any welcome, such as a refused one", () => {
    const refused = vi.fn();
    open({ onClosedBeforeWelcome: refused });
    latest().drop();
    expect(refused).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    latest().receive({ type: "welcome" });
    latest().drop();
    expect(refused).toHaveBeenCalledTimes(1);
  });

  it("skips frames that are not JSON objects and goes on", () => {
    const { frames } = open();
    latest().receive("not json");
    latest().receive("42");
    latest().receive({ type: "welcome" });
    latest().receive({ type: "message", n: 1 });
    expect(frames.map((f) => f.frame)).toEqual([{ type: "welcome" }, { type: "message", n: 1 }]);
  });

  it("a close with 4001 (the session ended) is final: one ended event, no reconnect, even when the browser comes back online", () => {
    const ended = vi.fn();
    const { socket } = open({ onEnded: ended });
    latest().receive({ type: "welcome" });
    latest().drop(SESSION_ENDED_CODE);
    expect(ended).toHaveBeenCalledTimes(1);
    window.dispatchEvent(new Event("online"));
    document.dispatchEvent(new Event("visibilitychange"));
    vi.advanceTimersByTime(60_000);
    expect(ScriptedSocket.made).toHaveLength(1);
    expect(socket.send({ type: "typing" })).toBe(false);
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it("a session ended before any welcome is final too, and not reported as a refused socket", () => {
    const ended = vi.fn();
    const refused = vi.fn();
    open({ onEnded: ended, onClosedBeforeWelcome: refused });
    latest().drop(SESSION_ENDED_CODE);
    vi.advanceTimersByTime(60_000);
    expect(ended).toHaveBeenCalledTimes(1);
    expect(refused).not.toHaveBeenCalled();
    expect(ScriptedSocket.made).toHaveLength(1);
  });

  it("after close(), never reconnects and ignores the browser coming back online", () => {
    const { socket } = open();
    latest().receive({ type: "welcome" });
    socket.close();
    expect(latest().readyState).toBe(ScriptedSocket.CLOSED);
    expect(socket.send({ type: "typing" })).toBe(false);
    window.dispatchEvent(new Event("online"));
    vi.advanceTimersByTime(60_000);
    expect(ScriptedSocket.made).toHaveLength(1);
  });
});
