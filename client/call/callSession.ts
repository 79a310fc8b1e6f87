// One member's side of a video call: the call's socket (who is there, the signals, the end) and
// the peer connection to the other member. Framework-free; the page renders `CallView`.
// The member who finds the other there makes the offer; the one already there waits for it.
import type { CALL_CLOSE, CallRole, CallServerFrame, IceServer, MediaState, Signal } from "@raibu/protocol/calls";
import { openLiveSocket, socketUrl, type LinkState, type LiveSocket } from "../liveSocket";
import type { LocalTracks } from "./media";
import { createPeerLink, type PeerLink } from "./peerLink";
import { qualityOf, readStats, type Quality, type StatsSample } from "./quality";

// Written out so the page's bundle stays free of zod; typed so they follow the contract.
const BUSY: (typeof CALL_CLOSE)["busy"] = 4003;
const ENDED: (typeof CALL_CLOSE)["ended"] = 4004;

export type CallPhase =
  /** The socket's first connection. */
  | "joining"
  /** The other member has not joined yet. */
  | "waiting"
  /** The other member is here; the media is connecting. */
  | "connecting"
  | "connected"
  /** The media path broke (a network change); it is being restored. */
  | "interrupted"
  /** The other member was here and left (they may come back with their link). */
  | "left"
  | "ended"
  /** This member is in the call on another page. */
  | "busy";

export interface CallView {
  phase: CallPhase;
  /** The socket to Raibu: "reconnecting" while it is down. */
  link: LinkState;
  /** The other member's video and sound; null until they arrive. */
  remote: MediaStream | null;
  peerMedia: MediaState | null;
  /** When both were first there (the server's clock). */
  startedAt: number | null;
  /** Who ended it and after how long; null fields when the page only learnt it was over. */
  ended: { by: CallRole | null; durationMs: number | null } | null;
  quality: Quality | null;
  media: MediaState;
}

export interface CallSessionOptions {
  callId: string;
  token: string;
  role: CallRole;
  iceServers: IceServer[];
  local: LocalTracks;
  onChange: (view: CallView) => void;
  createPeer?: (config: RTCConfiguration) => RTCPeerConnection;
  newStream?: () => MediaStream;
  now?: () => number;
}

export interface CallSession {
  setAudio(on: boolean): void;
  setVideo(on: boolean): void;
  /** Sends `track` (a screen) instead of the camera; null puts the camera back. */
  share(track: MediaStreamTrack | null): Promise<void>;
  /** Ends the call for both. */
  hangUp(): void;
  /** Leaves without ending (the page closes): the other member sees this one left. */
  leave(): void;
  /** The current peer connection's reading, for the quality hint and tests. */
  stats(): Promise<StatsSample | null>;
  view(): CallView;
}

export const QUALITY_EVERY_MS = 3000;

export function startCallSession(options: CallSessionOptions): CallSession {
  const now = options.now ?? Date.now;
  const createPeer = options.createPeer ?? ((config) => new RTCPeerConnection(config));
  const newStream = options.newStream ?? (() => new MediaStream());
  const local = options.local;
  let screen: MediaStreamTrack | null = null;
  let peer: PeerLink | null = null;
  let lastSample: StatsSample | null = null;
  let qualityTimer: ReturnType<typeof setInterval> | undefined;
  /** The other member was here at some point: their absence now means they left. */
  let peerSeen = false;
  /** This page's id on the call's socket: its reconnects take the place of its own broken socket there (not refused as a second page). */
  const pageId = crypto.randomUUID();
  let view: CallView = {
    phase: "joining",
    link: "connecting",
    remote: null,
    peerMedia: null,
    startedAt: null,
    ended: null,
    quality: null,
    media: mediaState(),
  };

  function mediaState(): MediaState {
    return { audio: !!local.audio?.enabled, video: !!local.video?.enabled, screen: !!screen };
  }

  function update(change: Partial<CallView>) {
    view = { ...view, ...change };
    options.onChange(view);
  }

  const over = () => view.phase === "ended" || view.phase === "busy";
  const sendSignal = (signal: Signal) => socket.send({ type: "signal", signal });
  const sendMedia = () => socket.send({ type: "media", media: mediaState() });

  function openPeer(): PeerLink {
    closePeer();
    const remote = newStream();
    const link = createPeerLink({
      polite: options.role === "visitor",
      config: { iceServers: options.iceServers },
      local: { audio: local.audio, video: screen ?? local.video },
      send: sendSignal,
      createPeer,
      onTrack: (track) => {
        remote.addTrack(track);
        update({ remote });
      },
      onState: (state) => {
        if (peer !== link || over()) return;
        if (state === "connected") {
          update({ phase: "connected", startedAt: view.startedAt ?? now() });
          startQuality();
        } else if (state === "disconnected" || state === "failed") update({ phase: "interrupted" });
      },
    });
    peer = link;
    return link;
  }

  function closePeer() {
    clearInterval(qualityTimer);
    lastSample = null;
    peer?.close();
    peer = null;
  }

  function startQuality() {
    clearInterval(qualityTimer);
    qualityTimer = setInterval(async () => {
      const sample = await session.stats();
      if (!sample) return;
      const quality = qualityOf(lastSample, sample);
      lastSample = sample;
      if (quality !== view.quality) update({ quality });
    }, QUALITY_EVERY_MS);
  }

  function finish(ended: CallView["ended"], phase: "ended" | "busy" = "ended") {
    closePeer();
    update({ phase, ended, remote: null, quality: null });
  }

  function onFrame(frame: CallServerFrame) {
    if (over() && frame.type !== "ended") return;
    switch (frame.type) {
      case "welcome":
        if (frame.startedAt !== null) update({ startedAt: frame.startedAt });
        sendMedia();
        if (frame.peerPresent) {
          peerSeen = true;
          openPeer().offer();
          update({ phase: "connecting", remote: null });
        } else {
          closePeer();
          update({ phase: peerSeen ? "left" : "waiting", remote: null, peerMedia: null });
        }
        return;
      case "peer":
        // Either way the old connection is done: a member who comes back brings a new one and offers it.
        closePeer();
        if (frame.present) {
          peerSeen = true;
          sendMedia();
          update({ phase: "connecting", remote: null });
        } else update({ phase: "left", remote: null, peerMedia: null, quality: null });
        return;
      case "signal":
        if (!peer && frame.signal.kind !== "offer") return;
        (peer ?? openPeer()).signal(frame.signal);
        return;
      case "media":
        update({ peerMedia: frame.media });
        return;
      case "ended":
        // After this page's own hang-up the server's frame brings the call's real length.
        finish({ by: frame.by, durationMs: frame.durationMs });
        socket.close();
        return;
      case "pong":
      case "error":
        return;
      default:
        return assertNever(frame);
    }
  }

  const socket: LiveSocket = openLiveSocket<CallServerFrame>({
    url: () => socketUrl(`/ws/calls/${encodeURIComponent(options.callId)}?t=${encodeURIComponent(options.token)}&page=${pageId}`),
    welcome: "welcome",
    onFrame,
    onLink: (link) => {
      if (link !== view.link) update({ link });
    },
    finalCloseCodes: [BUSY, ENDED],
    onEnded: (code) => {
      if (view.phase === "ended") return;
      if (code === BUSY) finish(null, "busy");
      else finish({ by: null, durationMs: null });
    },
  });

  const session: CallSession = {
    setAudio(on) {
      if (local.audio) local.audio.enabled = on;
      update({ media: mediaState() });
      sendMedia();
    },
    setVideo(on) {
      if (local.video) local.video.enabled = on;
      update({ media: mediaState() });
      sendMedia();
    },
    async share(track) {
      screen = track;
      await peer?.replaceVideo(track ?? local.video);
      update({ media: mediaState() });
      sendMedia();
    },
    hangUp() {
      if (over()) return;
      const sent = socket.send({ type: "hangup" });
      finish({ by: options.role, durationMs: view.startedAt === null ? 0 : Math.max(0, now() - view.startedAt) });
      // Unsent, nobody will answer: the other member sees this one leave.
      if (!sent) socket.close();
    },
    leave() {
      closePeer();
      socket.close();
    },
    async stats() {
      if (!peer) return null;
      return readStats(await peer.stats());
    },
    view: () => view,
  };
  return session;
}

function assertNever(value: never): never {
  throw new Error(`Unexpected frame: ${JSON.stringify(value)}`);
}
