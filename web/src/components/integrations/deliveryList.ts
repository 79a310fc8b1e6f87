// The delivery log's rows without the page: pages read at different times merged into one list.
import type { Delivery } from "@raibu/protocol/integrations";

/** The deliveries known so far with `fresh` put in place of theirs, newest first. */
export function mergeDeliveries(known: readonly Delivery[], fresh: readonly Delivery[]): Delivery[] {
  const byId = new Map(known.map((d) => [d.id, d]));
  for (const d of fresh) byId.set(d.id, d);
  return [...byId.values()].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
}
