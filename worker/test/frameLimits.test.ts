// The frame rates a deployment runs with: a load test may raise them, nothing lowers them.
import { describe, expect, it } from "vitest";
import { FRAME_RATES, FrameLimiter, scaledFrameRates } from "../src/lib/frameLimits";

describe("FRAME_RATE_SCALE", () => {
  it("multiplies every rate and burst of both roles", () => {
    const rates = scaledFrameRates("100");
    expect(rates.visitor.message).toEqual({ perSecond: FRAME_RATES.visitor.message.perSecond * 100, burst: FRAME_RATES.visitor.message.burst * 100 });
    expect(rates.agent.read).toEqual({ perSecond: FRAME_RATES.agent.read.perSecond * 100, burst: FRAME_RATES.agent.read.burst * 100 });
    const limiter = new FrameLimiter(rates.visitor, 0);
    for (let i = 0; i < FRAME_RATES.visitor.message.burst * 100; i++) expect(limiter.check("message", 0).ok).toBe(true);
    expect(limiter.check("message", 0).ok).toBe(false);
  });

  it("left unset, unreadable or below 1, keeps the rates a person gets", () => {
    for (const scale of [undefined, "", "abc", "0.1", "-5", "1"]) expect(scaledFrameRates(scale)).toBe(FRAME_RATES);
  });
});
