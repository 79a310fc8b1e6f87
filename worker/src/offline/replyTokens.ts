// The visitor's way back into an offline thread: one signed token that is both the reply link's
// path (`/r/<token>`) and the reply address's detail (`reply+<token>@INBOUND_DOMAIN`). It names
// the thread by its reply key, expires, and is signed with the thread's interface key, so it
// opens that one thread only. docs/decisions.md says why it looks the way it does.
import { OFFLINE_REPLY_LINK_DAYS } from "@raibu/protocol/offline";
import { findInterface, type ChatInterface } from "../db/interfaces";
import { getDb } from "../db/client";
import type { Env } from "../env";
import { timingSafeEqualText } from "../lib/crypto";
import { hmacSha256 } from "../lib/signedTokens";
import { findThreadByReplyKey, type OfflineThread } from "./threads";

export const REPLY_ADDRESS_PREFIX = "reply+";
/** RFC 5321's limit on an address's local part: `reply+` and the token must fit in it. */
export const LOCAL_PART_MAX = 64;
/** 10 bytes of HMAC-SHA256: 80 bits, guessed only online and under a rate limit. */
const MAC_BYTES = 10;
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
const DAY_MS = 24 * 60 * 60 * 1000;

/** How long a link lasts: OFFLINE_REPLY_LINK_DAYS when it is a positive number, else the default. */
export function replyLinkDays(env: Pick<Env, "OFFLINE_REPLY_LINK_DAYS">): number {
  const days = Number(env.OFFLINE_REPLY_LINK_DAYS);
  return Number.isFinite(days) && days > 0 ? days : OFFLINE_REPLY_LINK_DAYS;
}

/** Lowercase RFC 4648 base32 without padding: survives mail systems that fold an address's case. */
function base32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

async function mac(signingKey: string, replyKey: string, exp36: string): Promise<string> {
  // The scope is part of what is signed: no other token of this key can pass for a reply token.
  return base32((await hmacSha256(signingKey, `offline-reply:${replyKey}:${exp36}`)).slice(0, MAC_BYTES));
}

/** `<replyKey>-<expiry in seconds, base 36>-<mac>`: lowercase letters, digits and dashes only. */
export async function signReplyToken(signingKey: string, replyKey: string, expiresAt: number): Promise<string> {
  const exp36 = Math.ceil(expiresAt / 1000).toString(36);
  const token = `${replyKey}-${exp36}-${await mac(signingKey, replyKey, exp36)}`;
  if (REPLY_ADDRESS_PREFIX.length + token.length > LOCAL_PART_MAX) throw new Error(`reply key too long for an address: ${replyKey.length} characters`);
  return token;
}

interface ParsedToken {
  replyKey: string;
  exp36: string;
  mac: string;
}

/** The token's parts, read from the right (the reply key could hold a dash), or null if it is not one. */
export function parseReplyToken(token: string): ParsedToken | null {
  const lower = token.toLowerCase();
  if (lower.length > LOCAL_PART_MAX || !/^[a-z0-9-]+$/.test(lower)) return null;
  const parts = lower.split("-");
  if (parts.length < 3) return null;
  const macPart = parts.pop()!;
  const exp36 = parts.pop()!;
  const replyKey = parts.join("-");
  if (!replyKey || !/^[0-9a-z]{1,8}$/.test(exp36) || !/^[a-z2-7]+$/.test(macPart)) return null;
  return { replyKey, exp36, mac: macPart };
}

export type ReplyTarget =
  | { status: "valid"; thread: OfflineThread; iface: ChatInterface; expiresAt: number }
  /** Signed by us, but its time is up: the thread is known (its language, its site), not opened. */
  | { status: "expired"; thread: OfflineThread; iface: ChatInterface; expiresAt: number }
  /** Not ours, altered, another thread's key with this one's signature, or a thread that is gone. */
  | { status: "invalid" };

/** What a reply token opens. The signature is checked before the expiry, so a forged token learns nothing. */
export async function openReplyToken(env: Env, token: string, now = Date.now()): Promise<ReplyTarget> {
  const parsed = parseReplyToken(token);
  if (!parsed) return { status: "invalid" };
  const thread = await findThreadByReplyKey(env, parsed.replyKey);
  if (!thread) return { status: "invalid" };
  const iface = await findInterface(getDb(env.DB), thread.interfaceId, thread.workspaceId);
  if (!iface || !timingSafeEqualText(parsed.mac, await mac(iface.signingKey, parsed.replyKey, parsed.exp36))) return { status: "invalid" };
  const expiresAt = parseInt(parsed.exp36, 36) * 1000;
  return { status: expiresAt > now ? "valid" : "expired", thread, iface, expiresAt };
}

/** A fresh token for the thread, valid for the deployment's number of days from `now`. */
export async function issueReplyToken(
  env: Env,
  thread: Pick<OfflineThread, "replyKey" | "interfaceId" | "workspaceId">,
  now = Date.now(),
): Promise<{ token: string; expiresAt: number }> {
  const iface = await findInterface(getDb(env.DB), thread.interfaceId, thread.workspaceId);
  if (!iface) throw new Error(`interface ${thread.interfaceId} of an offline thread not found`);
  // Whole seconds, as the token says it: the expiry shown in the email is the one checked.
  const expiresAt = Math.ceil((now + replyLinkDays(env) * DAY_MS) / 1000) * 1000;
  return { token: await signReplyToken(iface.signingKey, thread.replyKey, expiresAt), expiresAt };
}

/** The Reply-To address of a thread's emails, or null when the deployment receives no mail. */
export function replyAddress(env: Pick<Env, "INBOUND_DOMAIN">, token: string): string | null {
  const domain = env.INBOUND_DOMAIN?.trim().toLowerCase();
  return domain ? `${REPLY_ADDRESS_PREFIX}${token}@${domain}` : null;
}

/**
 * The token in a recipient address `reply+<token>@<domain>`, or null. With INBOUND_DOMAIN set the
 * domain must be it; without (a local run) any domain is taken: the token is what is checked.
 */
export function tokenFromAddress(env: Pick<Env, "INBOUND_DOMAIN">, address: string): string | null {
  const match = /^reply\+([^@\s]+)@([^@\s]+)$/i.exec(address.trim().replace(/^<|>$/g, ""));
  if (!match) return null;
  const domain = env.INBOUND_DOMAIN?.trim().toLowerCase();
  if (domain && match[2]!.toLowerCase() !== domain) return null;
  return match[1]!.toLowerCase();
}
