import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CallRole, CallServerFrame } from "@raibu/protocol/calls";
import { startCallSession, type CallSession } from "../call/callSession";
import { FakePeer, FakeStream, FakeTrack } from "./fakePeer";
import { installBrowser, latest, ScriptedSocket, uninstallBrowser } from "./scriptedSocket";

/** Lets every pending promise (a negotiation step) run. */
async function settle() {
  for (let i = 0; i < 100; i++) await Promise.resolve();
}

interface Member {
  role: CallRole;
  session: CallSession;
  socket: ScriptedSocket;
  tracks: { audio: FakeTrack; video: FakeTrack };
  read: number;
  peers: () => FakePeer[];
  frames: () => Array<{ type: string; [key: string]: unknown }>;
}

let clock = 1_000_000;

function join(role: CallRole, tracks = { audio: new FakeTrack("audio"), video: new FakeTrack("video") }): Member {
  const before = FakePeer.made.length;
  const mine: FakePeer[] = [];
  const session = startCallSession({
    callId: "call-1",
    token: "tok",
    role,
    iceServers: [{ urls: "stun:stun.example:3478" }],
    local: tracks as unknown as { audio: MediaStreamTrack; video: MediaStreamTrack },
    onChange: () => {},
    createPeer: (config) => {
      const peer = new FakePeer(config);
      mine.push(peer);
      return peer as unknown as RTCPeerConnection;
    },
    newStream: () => new FakeStream() as unknown as MediaStream,
    now: () => clock,
  });
  void before;
  const socket = latest();
  const member: Member = { role, session, socket, tracks, read: 0, peers: () => mine, frames: () => member.socket.sent.map((text) => JSON.parse(text)) };
  return member;
}

const say = (member: Member, frame: CallServerFrame) => member.socket.receive(frame);

/** The call object between two members: relays signals and media states, and ends the call on a hang-up. */
async function relay(a: Member, b: Member) {
  for (let round = 0; round < 50; round++) {
    await settle();
    let moved = false;
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      const frames = from.frames().slice(from.read);
      from.read += frames.length;
      for (const frame of frames) {
        moved = true;
        if (frame.type === "signal") say(to, { type: "signal", signal: frame.signal as never });
        if (frame.type === "media") say(to, { type: "media", media: frame.media as never });
        if (frame.type === "hangup") for (const m of [a, b]) say(m, { type: "ended", by: from.role, durationMs: 65_000 });
      }
    }
    if (!moved) return;
  }
  throw new Error("the members never stopped talking");
}

/** The agent joins first and waits; the visitor joins and finds the agent there. */
async function bothJoin() {
  const agent = join("agent");
  say(agent, { type: "welcome", role: "agent", peerPresent: false, startedAt: null });
  const visitor = join("visitor");
  say(visitor, { type: "welcome", role: "visitor", peerPresent: true, startedAt: null });
  say(agent, { type: "peer", present: true });
  await relay(agent, visitor);
  return { agent, visitor };
}

const sentSignals = (member: Member, kind: string) => member.frames().filter((f) => f.type === "signal" && (f.signal as { kind: string }).kind === kind);

beforeEach(() => {
  installBrowser();
  FakePeer.made = [];
});
afterEach(uninstallBrowser);

describe("a video call's session", () => {
  it("the member who finds the other there makes the offer, the one already there answers, and both connect with each other's audio and video", async () => {
    const { agent, visitor } = await bothJoin();
    expect(sentSignals(visitor, "offer")).toHaveLength(1);
    expect(sentSignals(agent, "offer")).toHaveLength(0);
    expect(sentSignals(agent, "answer")).toHaveLength(1);
    expect(sentSignals(agent, "candidate").length).toBeGreaterThan(0);
    expect(sentSignals(visitor, "candidate").length).toBeGreaterThan(0);
    for (const member of [agent, visitor]) {
      expect(member.session.view().phase).toBe("connected");
      const remote = member.session.view().remote as unknown as FakeStream;
      expect(remote.tracks.map((t) => t.kind).sort()).toEqual(["audio", "video"]);
      // Each sends its own tracks on the connection.
      const senders = member.peers()[0]!.transceivers.map((t) => t.sender.track);
      expect(senders).toContain(member.tracks.audio);
      expect(senders).toContain(member.tracks.video);
    }
    expect(agent.peers()[0]!.config.iceServers).toEqual([{ urls: "stun:stun.example:3478" }]);
  });

  it("a member waiting alone is told the other has not joined yet and makes no offer", async () => {
    const agent = join("agent");
    expect(agent.session.view().phase).toBe("joining");
    say(agent, { type: "welcome", role: "agent", peerPresent: false, startedAt: null });
    await settle();
    expect(agent.session.view().phase).toBe("waiting");
    expect(agent.peers()).toHaveLength(0);
    expect(sentSignals(agent, "offer")).toHaveLength(0);
  });

  it("a member without a camera still receives the other's video", async () => {
    const agent = join("agent");
    say(agent, { type: "welcome", role: "agent", peerPresent: false, startedAt: null });
    const visitor = join("visitor", { audio: null, video: null } as never);
    say(visitor, { type: "welcome", role: "visitor", peerPresent: true, startedAt: null });
    say(agent, { type: "peer", present: true });
    await relay(agent, visitor);
    expect(visitor.session.view().phase).toBe("connected");
    expect((visitor.session.view().remote as unknown as FakeStream).tracks.map((t) => t.kind)).toContain("video");
    expect(visitor.frames().find((f) => f.type === "media")?.media).toEqual({ audio: false, video: false, screen: false });
  });

  it("offers that cross are settled: the agent ignores the visitor's, the visitor rolls its own back and answers", async () => {
    const { agent, visitor } = await bothJoin();
    // Both paths break at once and both restart ICE: two offers cross.
    agent.peers()[0]!.fail();
    visitor.peers()[0]!.fail();
    expect(agent.session.view().phase).toBe("interrupted");
    await settle();
    expect(sentSignals(agent, "offer")).toHaveLength(1);
    expect(sentSignals(visitor, "offer")).toHaveLength(2);
    await relay(agent, visitor);
    expect(visitor.peers()[0]!.rollbacks).toBe(1);
    expect(agent.peers()[0]!.rollbacks).toBe(0);
    expect(sentSignals(visitor, "answer")).toHaveLength(1);
    expect(agent.peers()[0]!.signalingState).toBe("stable");
    expect(visitor.peers()[0]!.signalingState).toBe("stable");
  });

  it("the other member leaving closes the connection and says they left; coming back they offer a fresh one", async () => {
    const { agent, visitor } = await bothJoin();
    say(agent, { type: "peer", present: false });
    expect(agent.session.view()).toMatchObject({ phase: "left", remote: null, peerMedia: null });
    expect(agent.peers()[0]!.connectionState).toBe("closed");

    // The visitor's page comes back (a reload): a new session finds the agent there.
    visitor.session.leave();
    const again = join("visitor");
    say(again, { type: "welcome", role: "visitor", peerPresent: true, startedAt: clock });
    say(agent, { type: "peer", present: true });
    expect(agent.session.view().phase).toBe("connecting");
    await relay(agent, again);
    expect(agent.peers()).toHaveLength(2);
    expect(agent.session.view().phase).toBe("connected");
    expect(again.session.view().phase).toBe("connected");
  });

  it("a socket that drops reconnects and, finding the other there, offers a new connection", async () => {
    const { agent, visitor } = await bothJoin();
    visitor.socket.drop();
    expect(visitor.session.view().link).toBe("reconnecting");
    say(agent, { type: "peer", present: false });
    await import("vitest").then(({ vi }) => vi.advanceTimersByTimeAsync(1000));
    visitor.socket = latest();
    visitor.read = 0;
    say(visitor, { type: "welcome", role: "visitor", peerPresent: true, startedAt: clock });
    say(agent, { type: "peer", present: true });
    await relay(agent, visitor);
    expect(visitor.peers()).toHaveLength(2);
    expect(visitor.peers()[0]!.connectionState).toBe("closed");
    expect(visitor.session.view()).toMatchObject({ phase: "connected", link: "open" });
    expect(agent.session.view().phase).toBe("connected");
  });

  it("hanging up sends hangup and ends the call at once; the server's ended frame gives its length", async () => {
    const { agent, visitor } = await bothJoin();
    clock += 30_000;
    agent.session.hangUp();
    expect(agent.session.view().phase).toBe("ended");
    expect(agent.session.view().ended).toEqual({ by: "agent", durationMs: 30_000 });
    expect(agent.peers()[0]!.connectionState).toBe("closed");
    await relay(agent, visitor);
    expect(agent.session.view().ended).toEqual({ by: "agent", durationMs: 65_000 });
    expect(visitor.session.view()).toMatchObject({ phase: "ended", ended: { by: "agent", durationMs: 65_000 }, remote: null });
    expect(visitor.peers()[0]!.connectionState).toBe("closed");
  });

  it("a socket closed with 4003 says the call is open on another page, and one closed with 4004 that it is over; neither reconnects", async () => {
    const busy = join("agent");
    busy.socket.drop(4003);
    expect(busy.session.view().phase).toBe("busy");
    const over = join("visitor");
    over.socket.drop(4004);
    expect(over.session.view()).toMatchObject({ phase: "ended", ended: { by: null, durationMs: null } });
    const { vi } = await import("vitest");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ScriptedSocket.made).toHaveLength(2);
  });

  it("mute and camera off disable the tracks and tell the other member", async () => {
    const { agent, visitor } = await bothJoin();
    visitor.session.setAudio(false);
    visitor.session.setVideo(false);
    expect(visitor.tracks.audio.enabled).toBe(false);
    expect(visitor.tracks.video.enabled).toBe(false);
    await relay(agent, visitor);
    expect(agent.session.view().peerMedia).toEqual({ audio: false, video: false, screen: false });
    visitor.session.setAudio(true);
    await relay(agent, visitor);
    expect(agent.session.view().peerMedia).toEqual({ audio: true, video: false, screen: false });
  });

  it("a screen share replaces the camera in the video sender, and stopping it puts the camera back", async () => {
    const { agent, visitor } = await bothJoin();
    const screen = new FakeTrack("video", "screen");
    await agent.session.share(screen as unknown as MediaStreamTrack);
    const videoSender = () => agent.peers()[0]!.transceivers.find((t) => t.receiver.track.kind === "video")!.sender;
    expect(videoSender().track).toBe(screen);
    await relay(agent, visitor);
    expect(visitor.session.view().peerMedia).toEqual({ audio: true, video: true, screen: true });
    // No renegotiation: the same single offer.
    expect(sentSignals(visitor, "offer")).toHaveLength(1);
    expect(sentSignals(agent, "offer")).toHaveLength(0);
    await agent.session.share(null);
    expect(videoSender().track).toBe(agent.tracks.video);
    expect(agent.session.view().media.screen).toBe(false);
  });

  it("the connection's reading for the page's hint and tests comes from getStats", async () => {
    const { agent } = await bothJoin();
    expect(await agent.session.stats()).toEqual({ rttMs: 50, packetsLost: 0, packetsReceived: 100, videoBytesReceived: 1000 });
  });
});
