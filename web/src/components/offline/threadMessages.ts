// A thread's messages as pure data: one row per message id (a reply the console sent and then
// read back is one row), in the order they were written.
import type { OfflineMessage } from "@raibu/protocol/offline";

export function withMessage(messages: readonly OfflineMessage[], message: OfflineMessage): OfflineMessage[] {
  const others = messages.filter((m) => m.id !== message.id);
  return [...others, message].sort((a, b) => a.createdAt - b.createdAt);
}

/** A reply whose email has not left yet: its state is worth reading again shortly. */
export function awaitingDelivery(messages: readonly OfflineMessage[]): boolean {
  return messages.some((m) => m.delivery?.status === "queued");
}

/** An id for a reply (8–64 of A–Z a–z 0–9 _ -), kept until it is stored: sent twice, it is stored once. */
export function newReplyId(): string {
  return `r_${crypto.randomUUID().replaceAll("-", "")}`;
}
