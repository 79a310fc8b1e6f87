// Password hashing: PBKDF2-SHA256 with a per-user salt, stored as
// `pbkdf2-sha256$<iterations>$<salt>$<hash>`: each hash carries its own parameters, and a
// login with parameters other than today's rewrites the hash (see `needsRehash`).
import { fromBase64Url, timingSafeEqual, toBase64Url } from "./crypto";

/** The Workers runtime refuses PBKDF2 above 100,000 iterations. */
export const PBKDF2_ITERATIONS = 100_000;
const SCHEME = "pbkdf2-sha256";
const SALT_BYTES = 16;

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, PBKDF2_ITERATIONS);
  return [SCHEME, PBKDF2_ITERATIONS, toBase64Url(salt), toBase64Url(hash)].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterations, salt, hash] = stored.split("$");
  if (scheme !== SCHEME || !iterations || !salt || !hash) return false;
  const candidate = await derive(password, fromBase64Url(salt), Number(iterations));
  return timingSafeEqual(candidate, fromBase64Url(hash));
}

/** True when a stored hash was made with other parameters than `hashPassword` uses today. */
export function needsRehash(stored: string): boolean {
  const [scheme, iterations, salt, hash] = stored.split("$");
  return scheme !== SCHEME || Number(iterations) !== PBKDF2_ITERATIONS || !salt || fromBase64Url(salt).byteLength !== SALT_BYTES || !hash;
}

/** Used when the email is unknown, so a wrong email costs as much time as a wrong password. */
export const DUMMY_PASSWORD_HASH =
  "pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
