// Encrypts the secrets integrations keep in D1 (webhook signing secrets, CRM tokens): AES-256-GCM
// under a key derived (HKDF-SHA256) from the Worker secret INTEGRATIONS_KEY, so a copy of the
// database alone reveals none of them.
import type { Env } from "../env";
import { ApiError } from "./errors";
import { fromBase64Url, toBase64Url } from "./crypto";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** The sealed text's version prefix: a future key or cipher change reads old rows by it. */
const VERSION = "v1";
const IV_BYTES = 12;
/** HKDF's info binds the derived key to this one use of the secret. */
const HKDF_INFO = encoder.encode("raibu secretBox v1 aes-256-gcm");
const HKDF_SALT = encoder.encode("raibu integrations");

/** One derived key per secret value: HKDF runs once per isolate, not per row. */
const keys = new Map<string, Promise<CryptoKey>>();

function keyFor(env: Pick<Env, "INTEGRATIONS_KEY">): Promise<CryptoKey> {
  const secret = env.INTEGRATIONS_KEY;
  // Short secrets would make the derived key guessable; docs/deploy.md asks for 32 random bytes.
  if (!secret || secret.length < 16) {
    throw new ApiError(503, "integrations_key_missing", "The INTEGRATIONS_KEY secret is not set on this deployment.");
  }
  let key = keys.get(secret);
  if (!key) {
    key = (async () => {
      const base = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
      return crypto.subtle.deriveKey({ name: "HKDF", hash: "SHA-256", salt: HKDF_SALT, info: HKDF_INFO }, base, { name: "AES-GCM", length: 256 }, false, [
        "encrypt",
        "decrypt",
      ]);
    })();
    keys.set(secret, key);
  }
  return key;
}

/** `v1.<base64url(iv ‖ ciphertext+tag)>`; a fresh random IV each time, so equal secrets seal differently. */
export async function seal(env: Pick<Env, "INTEGRATIONS_KEY">, plaintext: string): Promise<string> {
  const key = await keyFor(env);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, encoder.encode(plaintext)));
  const out = new Uint8Array(IV_BYTES + sealed.byteLength);
  out.set(iv);
  out.set(sealed, IV_BYTES);
  return `${VERSION}.${toBase64Url(out)}`;
}

/** The plaintext of `seal`'s output; throws when it was sealed under another key or was altered. */
export async function open(env: Pick<Env, "INTEGRATIONS_KEY">, sealed: string): Promise<string> {
  const [version, body] = sealed.split(".");
  if (version !== VERSION || !body) throw new Error("secretBox: not a sealed value");
  const key = await keyFor(env);
  const bytes = fromBase64Url(body);
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: bytes.subarray(0, IV_BYTES) }, key, bytes.subarray(IV_BYTES));
  return decoder.decode(plain);
}
