// An RTCPeerConnection that keeps WebRTC's signalling states (offer, answer, rollback) and
// "connects" once both descriptions and a candidate of the other side are in, so the call
// session's negotiation runs in Node. SDP here is just the list of media kinds.

export class FakeTrack {
  enabled = true;
  stopped = false;
  constructor(
    readonly kind: "audio" | "video",
    readonly label: string = kind,
  ) {}
  stop() {
    this.stopped = true;
  }
}

class FakeSender {
  constructor(public track: FakeTrack | null) {}
  async replaceTrack(track: FakeTrack | null) {
    this.track = track;
  }
}

class FakeTransceiver {
  direction: string;
  readonly sender: FakeSender;
  readonly receiver: { track: FakeTrack };
  constructor(kind: "audio" | "video", track: FakeTrack | null, direction: string) {
    this.sender = new FakeSender(track);
    this.receiver = { track: new FakeTrack(kind, `remote ${kind}`) };
    this.direction = direction;
  }
}

type Description = { type: "offer" | "answer"; sdp: string };
let made = 0;

export class FakePeer {
  static made: FakePeer[] = [];
  readonly name = `peer${++made}`;
  signalingState: "stable" | "have-local-offer" | "have-remote-offer" | "closed" = "stable";
  connectionState: RTCPeerConnectionState = "new";
  localDescription: Description | null = null;
  remoteDescription: Description | null = null;
  transceivers: FakeTransceiver[] = [];
  candidates: unknown[] = [];
  offersMade = 0;
  rollbacks = 0;
  onnegotiationneeded: (() => void) | null = null;
  onicecandidate: ((event: { candidate: { toJSON(): object } | null }) => void) | null = null;
  ontrack: ((event: { track: FakeTrack }) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  private negotiationQueued = false;

  constructor(readonly config: RTCConfiguration) {
    FakePeer.made.push(this);
  }

  getTransceivers() {
    return this.transceivers;
  }

  addTransceiver(trackOrKind: FakeTrack | "audio" | "video", init: { direction: string }) {
    const track = typeof trackOrKind === "string" ? null : trackOrKind;
    const transceiver = new FakeTransceiver(track ? track.kind : (trackOrKind as "audio" | "video"), track, init.direction);
    this.transceivers.push(transceiver);
    this.needsNegotiation();
    return transceiver;
  }

  restartIce() {
    this.needsNegotiation();
  }

  /** Fires negotiationneeded once the current task is done, as browsers do, if still stable. */
  needsNegotiation() {
    if (this.negotiationQueued) return;
    this.negotiationQueued = true;
    queueMicrotask(() => {
      this.negotiationQueued = false;
      if (this.signalingState === "stable" && this.connectionState !== "closed") this.onnegotiationneeded?.();
    });
  }

  async setLocalDescription() {
    await Promise.resolve();
    if (this.signalingState === "stable") {
      this.offersMade++;
      this.localDescription = { type: "offer", sdp: `${this.name}:${this.transceivers.map((t) => t.receiver.track.kind).join(",")}` };
      this.signalingState = "have-local-offer";
    } else if (this.signalingState === "have-remote-offer") {
      this.localDescription = { type: "answer", sdp: `${this.name}:answer` };
      this.signalingState = "stable";
    } else throw Object.assign(new Error("wrong state"), { name: "InvalidStateError" });
    // Browsers gather candidates after the description is set, in tasks of their own.
    void Promise.resolve()
      .then(() => Promise.resolve())
      .then(() => {
        if (this.connectionState !== "closed") this.onicecandidate?.({ candidate: { toJSON: () => ({ candidate: `candidate:${this.name}`, sdpMid: "0", sdpMLineIndex: 0 }) } });
      });
    this.maybeConnect();
  }

  async setRemoteDescription(description: Description) {
    await Promise.resolve();
    if (description.type === "offer") {
      if (this.signalingState === "have-local-offer") {
        this.rollbacks++;
        this.localDescription = null;
      }
      const kinds = description.sdp.split(":")[1]!.split(",").filter(Boolean) as Array<"audio" | "video">;
      for (const kind of kinds) {
        if (this.transceivers.some((t) => t.receiver.track.kind === kind)) continue;
        this.transceivers.push(new FakeTransceiver(kind, null, "recvonly"));
      }
      this.signalingState = "have-remote-offer";
    } else {
      if (this.signalingState !== "have-local-offer") throw Object.assign(new Error("no offer to answer"), { name: "InvalidStateError" });
      this.signalingState = "stable";
    }
    this.remoteDescription = description;
    for (const t of this.transceivers) this.ontrack?.({ track: t.receiver.track });
    this.maybeConnect();
  }

  async addIceCandidate(candidate: unknown) {
    await Promise.resolve();
    if (!this.remoteDescription) throw Object.assign(new Error("no remote description"), { name: "InvalidStateError" });
    this.candidates.push(candidate);
    this.maybeConnect();
  }

  /** The path breaks, as a network change would. */
  fail() {
    this.setConnection("failed");
  }

  private maybeConnect() {
    if (this.signalingState === "stable" && this.localDescription && this.remoteDescription && this.candidates.length > 0 && this.connectionState !== "connected") {
      this.setConnection("connected");
    }
  }

  private setConnection(state: RTCPeerConnectionState) {
    this.connectionState = state;
    this.onconnectionstatechange?.();
  }

  async getStats() {
    return new Map<string, object>([
      ["T", { type: "transport", id: "T", selectedCandidatePairId: "P" }],
      ["P", { type: "candidate-pair", id: "P", currentRoundTripTime: 0.05 }],
      ["V", { type: "inbound-rtp", id: "V", kind: "video", bytesReceived: 1000, packetsReceived: 100, packetsLost: 0 }],
    ]);
  }

  close() {
    this.connectionState = "closed";
    this.signalingState = "closed";
  }
}

/** A MediaStream's two methods the session uses. */
export class FakeStream {
  tracks: FakeTrack[] = [];
  addTrack(track: FakeTrack) {
    this.tracks.push(track);
  }
}
