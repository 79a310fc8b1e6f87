// A call's signed links and what their tokens open. A token names one call, one role (agent or
// visitor) and an expiry, signed with the chat interface's key; the call page and its socket
// accept nothing else.
import type { CallRole } from "@raibu/protocol/calls";
import { CallRoleSchema } from "@raibu/protocol/calls";
import { ApiError, notFound } from "../lib/errors";
import { newId } from "../lib/crypto";
import { peekClaim, signToken, verifyToken } from "../lib/signedTokens";

/** An appointment's links open the call page this long after its end (a late start, a second try). */
export const APPOINTMENT_CALL_GRACE_MS = 12 * 60 * 60 * 1000;

/** Whose key signs, and where the links point (the conversation's LinkIssuer has the same shape). */
export interface CallIssuer {
  interfaceId: string;
  signingKey: string;
  appOrigin: string;
}

/** The token of one role's link: the same call, role and expiry always give the same token. */
export function callToken(issuer: Pick<CallIssuer, "interfaceId" | "signingKey">, callId: string, role: CallRole, expiresAt: number): Promise<string> {
  return signToken(issuer.signingKey, { scope: "call", exp: expiresAt, call: callId, role, i: issuer.interfaceId });
}

/** One role's link to the call page. A list can sign it again each time: the link does not change. */
export async function callLink(issuer: CallIssuer, callId: string, role: CallRole, expiresAt: number): Promise<string> {
  return `${issuer.appOrigin}/call/${callId}?t=${await callToken(issuer, callId, role, expiresAt)}`;
}

export interface AppointmentCall {
  callId: string;
  /** For the `calls` row's `expires_at` and for signing the links again (callLink). */
  expiresAt: number;
  visitorUrl: string;
  agentUrl: string;
}

/**
 * A new call for an appointment: its id, when its links stop working (the slot's end plus a
 * grace), and both links. Any agent of the interface joins with the agent link. The caller writes
 * the `calls` row (appointment_id set, conversation and agent null).
 */
export async function newAppointmentCall(issuer: CallIssuer, slot: { endsAt: number }): Promise<AppointmentCall> {
  const callId = newId();
  const expiresAt = slot.endsAt + APPOINTMENT_CALL_GRACE_MS;
  const [visitorUrl, agentUrl] = await Promise.all([callLink(issuer, callId, "visitor", expiresAt), callLink(issuer, callId, "agent", expiresAt)]);
  return { callId, expiresAt, visitorUrl, agentUrl };
}

/** What a valid token opens. */
export interface CallAccess {
  callId: string;
  role: CallRole;
  interfaceId: string;
  expiresAt: number;
}

/** The interface a token claims, read unverified: only to find the key that verifies it. */
export const tokenInterface = (token: string) => peekClaim(token, "i");

/**
 * Checks a token for `callId` against the interface's key: a bad signature (tampered, another
 * interface's key, not a call token) is 401 `invalid_token`; another call's token 404 `not_found`;
 * a valid one past its expiry 410 `call_link_expired`.
 */
export async function readCallToken(signingKey: string | null, callId: string, token: string, now = Date.now()): Promise<CallAccess> {
  // Expiry checked here rather than in verifyToken, so an expired link gets its own answer.
  const claims = signingKey ? await verifyToken(signingKey, token, "call", Number.NEGATIVE_INFINITY) : null;
  const role = CallRoleSchema.safeParse(claims?.role);
  if (!claims || !role.success || typeof claims.call !== "string" || typeof claims.i !== "string") {
    throw new ApiError(401, "invalid_token", "This call link is not valid. Ask for a new one.");
  }
  if (claims.call !== callId) throw notFound("Call");
  if (claims.exp <= now) throw new ApiError(410, "call_link_expired", "This call link has expired.", { expiredAt: claims.exp });
  return { callId, role: role.data, interfaceId: claims.i, expiresAt: claims.exp };
}
