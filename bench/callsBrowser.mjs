// The browser side of the `calls` section: Debian's Chromium with a fake camera and microphone, a probe
// put into every call page before its own scripts (its socket's frames counted, its first remote video
// frame timed), and the baselines: two RTCPeerConnections joined inside one page, and between the same two
// browsers with their signals carried by the bench itself — no server either way.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const FAKE_MEDIA_ARGS = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--autoplay-policy=no-user-gesture-required"];

/** As e2e/browser.ts launches it (CHROMIUM_PATH when set, else Debian's binary): headless, offline, a fresh profile. */
export async function launchChromium() {
  const executablePath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && existsSync(p));
  if (!executablePath) throw new Error("Chromium not found: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH");
  const userDataDir = mkdtempSync(join(tmpdir(), "raibu-bench-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    locale: "en-US",
    viewport: { width: 1280, height: 800 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", ...FAKE_MEDIA_ARGS],
  });
  await context.addInitScript(callProbe);
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs in each page before the call page's scripts: wraps WebSocket to note every frame each way with its
 * time and kind (a signal by its `signal.kind`) and when the first `welcome` reached the page, keeps the page's
 * RTCPeerConnections, and from the welcome on waits for the first frame of video the remote <video> presents
 * (requestVideoFrameCallback) and, as a cross-check, the first frame getStats counts decoded. Times are on
 * the wall clock (performance.timeOrigin + the page's clock), so two browsers' can be compared.
 */
function callProbe() {
  const probe = { welcomedAt: null, firstFrameAt: null, firstFrameReceivedAt: null, firstDecodedAt: null, frames: [] };
  Object.defineProperty(window, "__benchCall", { value: probe });
  const wall = (t) => performance.timeOrigin + t;
  const kindOf = (data) => {
    try {
      const f = JSON.parse(String(data));
      return f.type === "signal" ? `signal:${f.signal?.kind}` : f.type === "error" ? `error:${f.code}` : String(f.type);
    } catch {
      return "unparsed";
    }
  };
  const peers = [];
  const NativePeer = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends NativePeer {
    constructor(...args) {
      super(...args);
      peers.push(this);
    }
  };
  const NativeSocket = window.WebSocket;
  window.WebSocket = class extends NativeSocket {
    constructor(...args) {
      super(...args);
      // Registered before the page's own handler, so it runs first on every frame.
      this.addEventListener("message", (event) => {
        const kind = kindOf(event.data);
        probe.frames.push({ at: wall(event.timeStamp), dir: "in", kind });
        if (kind === "welcome" && probe.welcomedAt === null) {
          probe.welcomedAt = wall(event.timeStamp);
          watchFirstFrame();
        }
      });
    }
    send(data) {
      probe.frames.push({ at: wall(performance.now()), dir: "out", kind: kindOf(data) });
      return super.send(data);
    }
  };

  function watchFirstFrame() {
    let hooked = null;
    const hook = () => {
      const video = document.querySelector('[data-testid="remote-video"]');
      if (!video || video === hooked) return;
      hooked = video;
      video.requestVideoFrameCallback((now, meta) => {
        if (probe.firstFrameAt !== null) return;
        probe.firstFrameAt = wall(meta.presentationTime ?? now);
        if (typeof meta.receiveTime === "number") probe.firstFrameReceivedAt = wall(meta.receiveTime);
      });
    };
    const timer = setInterval(async () => {
      hook();
      for (const peer of peers) {
        if (probe.firstDecodedAt !== null) break;
        const report = await peer.getStats().catch(() => null);
        report?.forEach((s) => {
          if (probe.firstDecodedAt === null && s.type === "inbound-rtp" && s.kind === "video" && s.framesDecoded > 0) probe.firstDecodedAt = wall(performance.now());
        });
      }
      if (probe.firstFrameAt !== null && probe.firstDecodedAt !== null) clearInterval(timer);
    }, 10);
    hook();
  }
}

/** The page's probe as it stands. */
export const readProbe = (page) => page.evaluate(() => JSON.parse(JSON.stringify(window.__benchCall)));

/**
 * The first baseline, in a blank page of `context`: the fake camera
 * and microphone opened first, as the call page's preview does; then from t0 two RTCPeerConnections,
 * each sending audio and video, the offer, the answer and every candidate handed across in the page
 * itself; the first video frame each one's <video> presents, in ms after t0. `iceServers` are the call's
 * own (the same ICE gathering as the call pages).
 */
export async function loopbackCall(context, iceServers) {
  const page = await blankPage(context);
  try {
    return await page.evaluate(async (servers) => {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      const t0 = performance.now();
      const a = new RTCPeerConnection({ iceServers: servers });
      const b = new RTCPeerConnection({ iceServers: servers });
      a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
      b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
      const firstFrame = (pc) =>
        new Promise((resolve) => {
          pc.ontrack = (e) => {
            if (e.track.kind !== "video") return;
            const video = document.createElement("video");
            video.muted = true;
            video.playsInline = true;
            video.autoplay = true;
            video.srcObject = new MediaStream([e.track]);
            document.body.append(video);
            video.requestVideoFrameCallback((now, meta) => resolve((meta.presentationTime ?? now) - t0));
            void video.play().catch(() => {});
          };
        });
      const frames = Promise.all([firstFrame(a), firstFrame(b)]);
      for (const track of stream.getTracks()) {
        a.addTrack(track, stream);
        b.addTrack(track, stream);
      }
      await a.setLocalDescription(await a.createOffer());
      await b.setRemoteDescription(a.localDescription);
      await b.setLocalDescription(await b.createAnswer());
      await a.setRemoteDescription(b.localDescription);
      const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("no loopback video frame within 30 s")), 30_000));
      const [atA, atB] = await Promise.race([frames, timeout]);
      a.close();
      b.close();
      for (const track of stream.getTracks()) track.stop();
      return { offerer_ms: atA, answerer_ms: atB, both_ms: Math.max(atA, atB) };
    }, iceServers);
  } finally {
    await page.close();
  }
}

/** A blank page of `context` on a loopback address (a secure context, so the camera opens), served by the browser itself. */
async function blankPage(context) {
  const page = await context.newPage();
  await page.route("http://127.0.0.1/bench-loopback", (route) => route.fulfill({ contentType: "text/html", body: "<!doctype html><title>loopback</title>" }));
  await page.goto("http://127.0.0.1/bench-loopback");
  return page;
}

/**
 * In one page of the two-browser baseline: the fake camera and microphone opened, then `__bare.start()` (the
 * offerer) or the first offer received makes the peer connection, sending audio and video; what it has to say
 * goes out through the `__bareSend` binding, what comes in is taken in order. The page's first remote video
 * frame is noted on the wall clock.
 */
function barePeerPage(iceServers) {
  return (async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    const bare = { startedAt: null, firstFrameAt: null };
    let pc = null;
    let chain = Promise.resolve();
    const open = () => {
      pc = new RTCPeerConnection({ iceServers });
      pc.onicecandidate = (e) => e.candidate && window.__bareSend({ kind: "candidate", candidate: e.candidate.toJSON() });
      pc.ontrack = (e) => {
        if (e.track.kind !== "video") return;
        const video = document.createElement("video");
        Object.assign(video, { muted: true, playsInline: true, autoplay: true, srcObject: new MediaStream([e.track]) });
        document.body.append(video);
        video.requestVideoFrameCallback((now, meta) => (bare.firstFrameAt ??= performance.timeOrigin + (meta.presentationTime ?? now)));
        void video.play().catch(() => {});
      };
      for (const track of stream.getTracks()) pc.addTrack(track, stream);
    };
    bare.start = async () => {
      bare.startedAt = performance.timeOrigin + performance.now();
      open();
      await pc.setLocalDescription(await pc.createOffer());
      window.__bareSend({ kind: "offer", sdp: pc.localDescription.sdp });
    };
    bare.deliver = (m) =>
      (chain = chain.then(async () => {
        if (m.kind === "offer") {
          open();
          await pc.setRemoteDescription({ type: "offer", sdp: m.sdp });
          await pc.setLocalDescription(await pc.createAnswer());
          window.__bareSend({ kind: "answer", sdp: pc.localDescription.sdp });
        } else if (m.kind === "answer") await pc.setRemoteDescription({ type: "answer", sdp: m.sdp });
        else await pc.addIceCandidate(m.candidate);
      }));
    bare.stop = () => {
      pc?.close();
      for (const track of stream.getTracks()) track.stop();
    };
    window.__bare = bare;
  })();
}

/**
 * The second baseline: the same two browsers, one page each, a peer connection between them with the offer,
 * the answer and the candidates carried by this process (a binding out of one page, an evaluate into the
 * other) instead of Raibu's sockets and call object. The offerer is in `offererContext`, as the visitor
 * offers in the calls. Answers the first frame on each side and on both, in ms after the offerer's start.
 */
export async function twoBrowserCall(offererContext, answererContext, iceServers) {
  const [offerer, answerer] = [await blankPage(offererContext), await blankPage(answererContext)];
  try {
    let signals = 0;
    const wire = async (from, to) =>
      from.exposeBinding("__bareSend", (_source, message) => {
        signals += 1;
        void to.evaluate((m) => window.__bare.deliver(m), message).catch(() => {});
      });
    await wire(offerer, answerer);
    await wire(answerer, offerer);
    await Promise.all([offerer, answerer].map((p) => p.evaluate(barePeerPage, iceServers)));
    await offerer.evaluate(() => window.__bare.start());
    const done = () => window.__bare.firstFrameAt !== null;
    await Promise.all([offerer, answerer].map((p) => p.waitForFunction(done, null, { timeout: 30_000, polling: 50 })));
    const times = () => ({ startedAt: window.__bare.startedAt, firstFrameAt: window.__bare.firstFrameAt });
    const [a, b] = [await offerer.evaluate(times), await answerer.evaluate(times)];
    await Promise.all([offerer, answerer].map((p) => p.evaluate(() => window.__bare.stop())));
    return { offerer_ms: a.firstFrameAt - a.startedAt, answerer_ms: b.firstFrameAt - a.startedAt, both_ms: Math.max(a.firstFrameAt, b.firstFrameAt) - a.startedAt, signals };
  } finally {
    await offerer.close();
    await answerer.close();
  }
}
