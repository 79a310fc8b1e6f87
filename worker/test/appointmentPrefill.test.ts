// The visitor's view while the bot waits on an Appointment step carries what is known of them, so
// the widget's booking form comes filled in with the name and email the bot collected.
import { describe, expect, it } from "vitest";
import { newState, viewOf } from "../src/conversation/state";
import { FlowRunner } from "../src/lib/flowRunner";

const NOW = 2_000_000;
const base = newState(
  { id: "c1", workspaceId: "w1", interfaceId: "i1", interfaceName: "Site", visitorId: "v1", visitorName: "Visitor #1", language: "en", signingKey: "k", appOrigin: "https://raibu.example", flowVersion: null },
  NOW - 60_000,
);
const flow = {
  start: "book",
  offerRequestsAnytime: false,
  steps: [
    { id: "book", kind: "appointment", text: "Shall we talk?", durationMinutes: 30, daysAhead: 14, next: "bye" },
    { id: "bye", kind: "message", text: "Bye", delaySeconds: 0, next: "" },
  ],
};
const runner = new FlowRunner(flow as never, "en", () => false);
const known = { ...base, known: { name: "Zoé", email: "zoe@example.test", phone: null } };

describe("the booking form's prefill in the conversation's view", () => {
  it("the visitor's own view on an Appointment step carries their known name and email; the agents' view and other steps do not", () => {
    const waiting = { ...known, cursor: { stepId: "book", waiting: "visitor", dueAt: null } };
    expect(viewOf(waiting as never, "visitor", 3, runner).offlinePrefill).toEqual({ name: "Zoé", email: "zoe@example.test", phone: "" });
    expect(viewOf(waiting as never, "agent", 3, runner).offlinePrefill).toBeUndefined();
    const elsewhere = { ...known, cursor: { stepId: "bye", waiting: null, dueAt: null } };
    expect(viewOf(elsewhere as never, "visitor", 3, runner).offlinePrefill).toBeUndefined();
    expect(viewOf({ ...waiting, status: "open" } as never, "visitor", 3, runner).offlinePrefill).toBeUndefined();
  });
});
