// Verified identity from the host site: a JWT (HS256, signed with the chat interface's identity
// secret) whose `sub`, `email` and `name` are vouched for until `exp`, checked with Hono's JWT
// implementation; or, for older integrations, the HMAC of the user id alone.
import { decode, verify } from "hono/jwt";
import type { VerifiedIdentity } from "../db/schema";
import { EmailSchema } from "@raibu/protocol/api";
import { type VerifiedField } from "@raibu/protocol/widgetApi";
import { timingSafeEqualText } from "./crypto";
import { ApiError, forbidden } from "./errors";
import { hmacHex } from "./signedTokens";

export interface VerifiedClaims {
  userId: string;
  email: string | null;
  name: string | null;
}

export type InvalidTokenReason = "malformed" | "algorithm" | "signature" | "not_yet_valid" | "claims";

const invalid = (reason: InvalidTokenReason, message: string, facts: Record<string, unknown> = {}) =>
  new ApiError(403, "identity_token_invalid", message, { reason, ...facts });

/** Hono's error classes are not exported; their names are stable and say what failed. */
const REASONS: Record<string, [InvalidTokenReason, string]> = {
  JwtTokenInvalid: ["malformed", "The identity token is not a JWT."],
  JwtHeaderInvalid: ["malformed", "The identity token's header is not valid."],
  JwtAlgorithmMismatch: ["algorithm", "The identity token must be signed with HS256."],
  JwtTokenSignatureMismatched: ["signature", "The identity token's signature does not match this chat interface's identity secret."],
  JwtTokenNotBefore: ["not_yet_valid", "The identity token is not valid yet."],
  JwtTokenIssuedAt: ["not_yet_valid", "The identity token was issued in the future; check the server's clock."],
};

function expiryOf(token: string): number | null {
  try {
    const { exp } = decode(token).payload;
    return typeof exp === "number" ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** The claims of a valid identity token, or a 403 saying why it is refused. */
export async function verifyIdentityToken(secret: string, token: string): Promise<VerifiedClaims> {
  let payload: Record<string, unknown>;
  try {
    payload = await verify(token, secret, "HS256");
  } catch (err) {
    const name = err instanceof Error ? err.name : "";
    if (name === "JwtTokenExpired") {
      throw new ApiError(403, "identity_token_expired", "The identity token has expired; sign a new one.", { expiredAt: expiryOf(token) });
    }
    const [reason, message] = REASONS[name] ?? ["malformed", "The identity token could not be read."];
    throw invalid(reason, message);
  }
  // Hono checks `exp` only when present: an identity that never expires is refused here.
  if (typeof payload.exp !== "number") throw invalid("claims", "The identity token needs an exp (expiry) claim.", { claim: "exp" });
  const { sub, email, name } = payload;
  if (typeof sub !== "string" || sub.length === 0 || sub.length > 200) {
    throw invalid("claims", "The identity token needs a sub claim: the user's id, 1 to 200 characters.", { claim: "sub" });
  }
  let verifiedEmail: string | null = null;
  if (email !== undefined && email !== null) {
    const parsed = EmailSchema.safeParse(email);
    if (!parsed.success) throw invalid("claims", "The identity token's email claim is not an email address.", { claim: "email" });
    verifiedEmail = parsed.data;
  }
  let verifiedName: string | null = null;
  if (name !== undefined && name !== null) {
    if (typeof name !== "string" || name.trim().length > 120) throw invalid("claims", "The identity token's name claim must be text of at most 120 characters.", { claim: "name" });
    verifiedName = name.trim() || null;
  }
  return { userId: sub, email: verifiedEmail, name: verifiedName };
}

/** The user-id HMAC of older integrations: only the user id is verified. */
export async function verifyUserIdHash(secret: string, userId: string, hash: string): Promise<void> {
  const expected = await hmacHex(secret, userId);
  if (!timingSafeEqualText(expected, hash)) throw forbidden("The identity hash does not match this user id.", "bad_identity_hash");
}

/**
 * The fields the host site's proof vouches for as the visitor stands now: the user id once
 * verified; a name or email only when a token carried it and nobody changed it since.
 */
export function verifiedFieldsOf(visitor: { externalId: string | null; name: string | null; email: string | null; identity: VerifiedIdentity | null }): VerifiedField[] {
  if (visitor.externalId === null) return [];
  const fields: VerifiedField[] = ["userId"];
  if (visitor.identity?.email && visitor.identity.email === visitor.email) fields.push("email");
  if (visitor.identity?.name && visitor.identity.name === visitor.name) fields.push("name");
  return fields;
}
