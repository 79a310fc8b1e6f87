// The conversation's signed links: a file's short-lived download link and a call's two links
// (one for the visitor, one for the agent). Tokens are HMACs with the interface's key, scoped.
import type { CallLinks, ChatMessage } from "@raibu/protocol/realtime";
import { newId } from "../lib/crypto";
import { signToken } from "../lib/signedTokens";

const FILE_LINK_TTL_MS = 60 * 60 * 1000;
export const CALL_LINK_TTL_MS = 24 * 60 * 60 * 1000;

/** Whose key signs, and where the links point. */
export interface LinkIssuer {
  interfaceId: string;
  signingKey: string;
  appOrigin: string;
}

/** The message with its file's link filled in; the same message when it carries no file. */
export async function withFileLink(issuer: LinkIssuer, message: ChatMessage, now = Date.now()): Promise<ChatMessage> {
  if (!message.attachment) return message;
  const { key } = message.attachment;
  const token = await signToken(issuer.signingKey, { scope: "file", exp: now + FILE_LINK_TTL_MS, key, i: issuer.interfaceId });
  return { ...message, attachment: { ...message.attachment, url: `${issuer.appOrigin}/api/files/${encodeURIComponent(key)}?t=${token}` } };
}

/** Fills the file links of a page of messages; signs only the messages that carry a file. */
export function withFileLinks(issuer: LinkIssuer, messages: ChatMessage[]): Promise<ChatMessage[]> | ChatMessage[] {
  if (!messages.some((m) => m.attachment)) return messages;
  const now = Date.now();
  return Promise.all(messages.map((m) => withFileLink(issuer, m, now)));
}

/** A new call: its id and a signed link for each side. */
export async function newCall(issuer: LinkIssuer, now = Date.now()): Promise<CallLinks> {
  const callId = newId();
  const exp = now + CALL_LINK_TTL_MS;
  const link = async (role: "visitor" | "agent") =>
    `${issuer.appOrigin}/call/${callId}?t=${await signToken(issuer.signingKey, { scope: "call", exp, call: callId, role, i: issuer.interfaceId })}`;
  return { callId, visitorUrl: await link("visitor"), agentUrl: await link("agent") };
}
