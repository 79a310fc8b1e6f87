// The widget says once that the conversation has ended: its closed panel says it, the list does not.
import { describe, expect, it } from "vitest";
import type { SystemNotice } from "@raibu/protocol/realtime";
import type { TimelineItem } from "../../client/timeline";
import { shownItems } from "../src/app/shownItems";

let next = 0;
function item(kind: "visitor" | "agent" | "system", notice: SystemNotice | null = null): TimelineItem {
  next += 1;
  return { id: `m${next}`, seq: next, author: { kind, id: null, name: null }, text: "", attachment: null, notice, createdAt: next, state: "sent", error: null };
}

describe("the widget's message list", () => {
  it("leaves out the closing notice that ends the conversation, as the closed panel says it", () => {
    const items = [item("visitor"), item("agent"), item("system", { code: "closed", by: "Alex" })];
    expect(shownItems(items)).toEqual(items.slice(0, 2));
  });

  it("keeps every other notice and every message", () => {
    const items = [item("system", { code: "requested", kind: "live" }), item("visitor"), item("system", { code: "takeover", agent: "Alex" }), item("agent")];
    expect(shownItems(items)).toEqual(items);
  });
});
