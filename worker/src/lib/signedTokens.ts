// Stateless signed tokens (HMAC-SHA256): visitor tokens, attachment links and call links.
// Each carries a scope and an expiry; a token of one scope never passes for another.
import { fromBase64Url, timingSafeEqual, toBase64Url } from "./crypto";

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    keyCache.set(secret, key);
  }
  return key;
}

export async function hmacSha256(secret: string, data: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(data)));
}

export async function hmacHex(secret: string, data: string): Promise<string> {
  return [...(await hmacSha256(secret, data))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export interface TokenClaims {
  /** What the token opens, e.g. "visitor", "file", "call". */
  scope: string;
  /** Expiry, in ms since the epoch. */
  exp: number;
  [claim: string]: string | number;
}

export async function signToken(secret: string, claims: TokenClaims): Promise<string> {
  const body = toBase64Url(encoder.encode(JSON.stringify(claims)));
  return `${body}.${toBase64Url(await hmacSha256(secret, body))}`;
}

/** The claims of a valid, unexpired token of `scope`, or null. */
export async function verifyToken(secret: string, token: string, scope: string, now = Date.now()): Promise<TokenClaims | null> {
  const [body, signature, extra] = token.split(".");
  if (!body || !signature || extra !== undefined) return null;
  let given: Uint8Array;
  try {
    given = fromBase64Url(signature);
  } catch {
    return null;
  }
  if (!timingSafeEqual(given, await hmacSha256(secret, body))) return null;
  try {
    const claims = JSON.parse(new TextDecoder().decode(fromBase64Url(body))) as TokenClaims;
    if (claims.scope !== scope || typeof claims.exp !== "number" || claims.exp <= now) return null;
    return claims;
  } catch {
    return null;
  }
}

/** The interface id a token claims, read without verifying: only to find the key that verifies it. */
export function peekClaim(token: string, claim: string): string | null {
  try {
    const claims = JSON.parse(new TextDecoder().decode(fromBase64Url(token.split(".")[0] ?? "")));
    return typeof claims[claim] === "string" ? claims[claim] : null;
  } catch {
    return null;
  }
}
