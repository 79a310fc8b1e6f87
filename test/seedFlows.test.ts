import { describe, expect, it } from "vitest";
// @ts-expect-error plain ES module shared with npm start
import { DEMO_INTERFACES } from "../scripts/seed.mjs";
import { FlowSchema, validateFlow } from "@raibu/protocol/flow";

describe("the demo interfaces' flows", () => {
  it.each(DEMO_INTERFACES as Array<{ name: string; flow: unknown }>)("$name greets, asks the name and email, and offers live and video chat for 60 s with the offline form on", (iface) => {
    const flow = FlowSchema.parse(iface.flow);
    expect(validateFlow(flow)).toEqual([]);
    expect(flow.steps.map((s) => s.kind)).toEqual(["message", "question", "question", "live_chat"]);
    expect(flow.steps.filter((s) => s.kind === "question").map((s) => s.kind === "question" && s.field)).toEqual(["name", "email"]);
    expect(flow.steps.at(-1)).toMatchObject({ offer: "both", timeoutSeconds: 60, offlineForm: { enabled: true } });
  });

  it("Support FR speaks French", () => {
    const fr = DEMO_INTERFACES.find((i: { id: string }) => i.id === "demo-support-fr");
    expect(fr.language).toBe("fr");
    expect(fr.flow.steps[1].text).toBe("Comment vous appelez-vous ?");
  });
});
