// One RTCPeerConnection to the other member, negotiated with WebRTC's "perfect negotiation"
// pattern: either side may offer at any time, and when offers cross the polite side (the
// visitor) rolls its own back while the impolite side (the agent) ignores the other's.
// Both sides always carry an audio and a video transceiver, so a member who joined without a
// camera still receives video, and a screen share replaces a track without renegotiating.
import type { Signal } from "@raibu/protocol/calls";
import type { LocalTracks } from "./media";

export interface PeerLinkOptions {
  polite: boolean;
  config: RTCConfiguration;
  local: LocalTracks;
  send: (signal: Signal) => void;
  onTrack: (track: MediaStreamTrack) => void;
  onState: (state: RTCPeerConnectionState) => void;
  createPeer: (config: RTCConfiguration) => RTCPeerConnection;
}

export interface PeerLink {
  /** As the member who found the other there: add the tracks, which makes the offer. */
  offer(): void;
  /** A signal from the other member; handled in the order they came. */
  signal(signal: Signal): void;
  replaceVideo(track: MediaStreamTrack | null): Promise<void>;
  stats(): Promise<RTCStatsReport>;
  close(): void;
}

export function createPeerLink(options: PeerLinkOptions): PeerLink {
  const pc = options.createPeer(options.config);
  let makingOffer = false;
  let ignoreOffer = false;
  let closed = false;
  let senders: { audio: RTCRtpSender; video: RTCRtpSender } | null = null;
  let queue: Promise<void> = Promise.resolve();

  pc.onnegotiationneeded = async () => {
    try {
      makingOffer = true;
      await pc.setLocalDescription();
      if (!closed && pc.localDescription?.type === "offer") options.send({ kind: "offer", sdp: pc.localDescription.sdp });
    } catch {
      // A failed offer is retried by the next negotiationneeded (or the other side's offer).
    } finally {
      makingOffer = false;
    }
  };
  pc.onicecandidate = ({ candidate }) => {
    // null: gathering is over (the other side needs no word of it).
    if (candidate && !closed) options.send({ kind: "candidate", candidate: candidate.toJSON() as Extract<Signal, { kind: "candidate" }>["candidate"] });
  };
  pc.ontrack = ({ track }) => options.onTrack(track);
  pc.onconnectionstatechange = () => {
    if (closed) return;
    // A path that died (a network change): new candidates, through a new offer.
    if (pc.connectionState === "failed") pc.restartIce();
    options.onState(pc.connectionState);
  };

  /** The answering side takes the transceivers the offer made, one per kind, and sends on them. */
  async function attachToOffered() {
    const found: Partial<Record<"audio" | "video", RTCRtpTransceiver>> = {};
    for (const transceiver of pc.getTransceivers()) {
      const kind = transceiver.receiver.track.kind as "audio" | "video";
      if (found[kind]) continue;
      found[kind] = transceiver;
      transceiver.direction = "sendrecv";
      await transceiver.sender.replaceTrack(options.local[kind]);
    }
    // An offer without one of the kinds: add it (a later negotiation brings it).
    senders = {
      audio: found.audio?.sender ?? pc.addTransceiver(options.local.audio ?? "audio", { direction: "sendrecv" }).sender,
      video: found.video?.sender ?? pc.addTransceiver(options.local.video ?? "video", { direction: "sendrecv" }).sender,
    };
  }

  async function handle(signal: Signal) {
    if (closed) return;
    if (signal.kind === "candidate") {
      try {
        await pc.addIceCandidate(signal.candidate);
      } catch (error) {
        // Candidates of an offer this side ignored fail; any other failure is real.
        if (!ignoreOffer) throw error;
      }
      return;
    }
    const collision = signal.kind === "offer" && (makingOffer || pc.signalingState !== "stable");
    ignoreOffer = !options.polite && collision;
    if (ignoreOffer) return;
    // The polite side's own offer, if any, is rolled back implicitly.
    await pc.setRemoteDescription({ type: signal.kind, sdp: signal.sdp });
    if (signal.kind === "offer") {
      if (!senders) await attachToOffered();
      await pc.setLocalDescription();
      if (!closed && pc.localDescription) options.send({ kind: "answer", sdp: pc.localDescription.sdp });
    }
  }

  return {
    offer() {
      if (senders) return;
      senders = {
        audio: pc.addTransceiver(options.local.audio ?? "audio", { direction: "sendrecv" }).sender,
        video: pc.addTransceiver(options.local.video ?? "video", { direction: "sendrecv" }).sender,
      };
    },
    signal(signal) {
      queue = queue.then(() => handle(signal)).catch(() => {
        // One bad description must not stop the ones after it; the connection state tells the page.
      });
    },
    async replaceVideo(track) {
      await senders?.video.replaceTrack(track);
    },
    stats: () => pc.getStats(),
    close() {
      closed = true;
      pc.onnegotiationneeded = pc.onicecandidate = pc.ontrack = pc.onconnectionstatechange = null;
      pc.close();
    },
  };
}
