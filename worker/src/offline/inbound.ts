// The Worker's email() handler: a visitor's answer to an agent's email, received by Email Routing
// (locally, wrangler dev's /cdn-cgi/handler/email) at reply+<token>@INBOUND_DOMAIN. The token
// names and opens the thread; the answer, without the quoted history, is appended once per
// Message-ID. Mail for an unknown, altered or expired address is refused with a reason the
// sender's mail server passes on; it is never appended anywhere.
import PostalMime, { type Email, type Header } from "postal-mime";
import { fillPlaceholders, type Lang, type Params } from "@raibu/protocol/lang";
import { OFFLINE_MESSAGE_MAX } from "@raibu/protocol/offline";
import type { Env } from "../env";
import { sha256Hex } from "../lib/crypto";
import { dictionaries, type TextKey } from "../lib/i18n";
import { openReplyToken, tokenFromAddress } from "./replyTokens";
import { answerText } from "./replyText";
import { appendVisitorAnswer } from "./threads";

export type InboundOutcome = "appended" | "rejected" | "ignored";

/** SMTP replies are plain ASCII: accents dropped, typographic quotes and spaces made plain. */
export function smtpText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[’‘]/g, "'")
    .replace(/[\u00a0\u202f]/g, " ")
    .replace(/[^\x20-\x7e]/g, "");
}

/**
 * Out-of-office answers, bounces and list mail: not the visitor writing. They are dropped without
 * a refusal, which would only bounce back to a robot (RFC 3834).
 */
export function isAutomatic(from: string, headers: Header[]): boolean {
  const value = (key: string) => headers.find((h) => h.key === key)?.value.trim().toLowerCase();
  const submitted = value("auto-submitted");
  if (submitted && submitted !== "no") return true;
  if (["bulk", "junk", "list", "auto_reply"].includes(value("precedence") ?? "")) return true;
  if (value("x-autoreply") || value("x-autorespond")) return true;
  return !from || /^(mailer-daemon|postmaster)@/i.test(from);
}

/** Counts one message against the inbound limit under `key`; false when over it. */
async function withinLimit(env: Env, key: string): Promise<boolean> {
  return (await env.INBOUND_EMAIL_LIMITER.limit({ key })).success;
}

export async function handleInboundEmail(message: ForwardableEmailMessage, env: Env): Promise<InboundOutcome> {
  const refuse = (lang: Lang, key: `inbound.${string}` & TextKey, params?: Params): InboundOutcome => {
    message.setReject(smtpText(fillPlaceholders(dictionaries[lang][key], params, lang)));
    return "rejected";
  };
  const token = tokenFromAddress(env, message.to);
  // Counted before the token is checked: a sender guessing addresses is slowed down as much as one answering.
  if (!(await withinLimit(env, `sender:${message.from.toLowerCase()}`))) return refuse("en", "inbound.limited");
  if (!token) return refuse("en", "inbound.unknown");
  const target = await openReplyToken(env, token);
  if (target.status === "invalid") return refuse("en", "inbound.unknown");
  const { thread } = target;
  if (target.status === "expired") return refuse(thread.lang, "inbound.expired");
  if (!(await withinLimit(env, `thread:${thread.id}`))) return refuse(thread.lang, "inbound.limited");

  const raw = await new Response(message.raw).arrayBuffer();
  const email: Email = await PostalMime.parse(raw);
  if (isAutomatic(message.from, email.headers)) return "ignored";
  const text = await answerText(email);
  if (!text) return refuse(thread.lang, "inbound.empty");
  if (text.length > OFFLINE_MESSAGE_MAX) return refuse(thread.lang, "inbound.tooLong", { max: OFFLINE_MESSAGE_MAX });
  // The same email delivered twice (a retry of the sending server) has the same Message-ID.
  const dedupeKey = email.messageId?.trim() || `sha256:${await sha256Hex(new TextDecoder().decode(raw))}`;
  await appendVisitorAnswer(env, thread, { text, via: "email", dedupeKey });
  return "appended";
}
