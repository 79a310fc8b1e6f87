// Video calls: the call page's HTTP shape and the signalling frames its socket carries between
// the call's two members (the agent and the visitor) through the call's Durable Object. Media
// never passes through Raibu: the browsers connect to each other with WebRTC (through TURN when
// the deployment has it).
import { z } from "zod";
import type { Lang } from "./lang";

export const CallRoleSchema = z.enum(["agent", "visitor"]);
export type CallRole = z.infer<typeof CallRoleSchema>;

/** An ICE server as RTCPeerConnection takes it. */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** `GET /api/calls/:id?t=<token>`: what the call page needs before it asks for the camera. */
export interface CallInfo {
  callId: string;
  /** Who the token says this page is. */
  role: CallRole;
  /** The other member's name as the conversation knows it (the agent's name for the visitor). */
  peerName: string;
  /** The language the page speaks by default (the conversation's for the visitor, the agent's own otherwise). */
  lang: Lang;
  /** Short-lived: fetched per page load (TURN credentials expire). */
  iceServers: IceServer[];
  /** When the call's links stop working. */
  expiresAt: number;
  /** The call ended already (someone hung up): the page says so instead of joining. */
  endedAt: number | null;
  /** For an appointment's call: when it is booked (the page says how long until then). */
  scheduledAt: number | null;
}

/** What one side says of its own media, for the other side's interface (muted, camera off, sharing). */
export const MediaStateSchema = z.object({ audio: z.boolean(), video: z.boolean(), screen: z.boolean() });
export type MediaState = z.infer<typeof MediaStateSchema>;

const SDP_MAX = 20_000;

/** WebRTC's own messages, relayed as they are to the other member. */
export const SignalSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("offer"), sdp: z.string().min(1).max(SDP_MAX) }),
  z.object({ kind: z.literal("answer"), sdp: z.string().min(1).max(SDP_MAX) }),
  z.object({
    kind: z.literal("candidate"),
    candidate: z.object({
      candidate: z.string().max(1000),
      sdpMid: z.string().max(100).nullable().optional(),
      sdpMLineIndex: z.number().int().min(0).max(100).nullable().optional(),
      usernameFragment: z.string().max(100).nullable().optional(),
    }),
  }),
]);
export type Signal = z.infer<typeof SignalSchema>;

/** Frames the call page sends (socket `/ws/calls/:id?t=<token>`). */
export const CallClientFrameSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("signal"), signal: SignalSchema }),
  z.object({ type: z.literal("media"), media: MediaStateSchema }),
  /** Hang up: ends the call for both. */
  z.object({ type: z.literal("hangup") }),
  z.object({ type: z.literal("ping") }),
]);
export type CallClientFrame = z.infer<typeof CallClientFrameSchema>;

/** Frames the call object sends. */
export type CallServerFrame =
  /** On joining: whether the other member is there now. The member who finds the other there makes the offer. */
  | { type: "welcome"; role: CallRole; peerPresent: boolean; startedAt: number | null }
  | { type: "peer"; present: boolean }
  | { type: "signal"; signal: Signal }
  | { type: "media"; media: MediaState }
  /** The call is over: `durationMs` from the moment both were first there (0 when they never were). */
  | { type: "ended"; by: CallRole; durationMs: number }
  | { type: "pong" }
  | { type: "error"; code: string; message: string };

/** Close codes of a call socket: 4003 a third page (the member is already joined elsewhere and this one is refused), 4004 the call is over. */
export const CALL_CLOSE = { busy: 4003, ended: 4004 } as const;
