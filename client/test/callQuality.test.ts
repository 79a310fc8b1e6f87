import { describe, expect, it } from "vitest";
import { mediaProblem } from "../call/media";
import { qualityOf, readStats, type StatsSample } from "../call/quality";

const sample = (rttMs: number | null, packetsLost: number, packetsReceived: number): StatsSample => ({ rttMs, packetsLost, packetsReceived, videoBytesReceived: 0 });

describe("the call's connection-quality hint", () => {
  it("reads the selected candidate pair's round trip and sums the inbound streams' packets and video bytes", () => {
    const report = new Map<string, { type: string; [key: string]: unknown }>([
      ["T", { type: "transport", id: "T", selectedCandidatePairId: "P2" }],
      ["P1", { type: "candidate-pair", id: "P1", currentRoundTripTime: 0.9 }],
      ["P2", { type: "candidate-pair", id: "P2", currentRoundTripTime: 0.12 }],
      ["A", { type: "inbound-rtp", kind: "audio", packetsLost: 2, packetsReceived: 98, bytesReceived: 5000 }],
      ["V", { type: "inbound-rtp", kind: "video", packetsLost: 1, packetsReceived: 399, bytesReceived: 90_000 }],
    ]);
    expect(readStats(report)).toEqual({ rttMs: 120, packetsLost: 3, packetsReceived: 497, videoBytesReceived: 90_000 });
  });

  it("without a transport's pair, the nominated pair that succeeded gives the round trip", () => {
    const report = new Map([["P", { type: "candidate-pair", id: "P", nominated: true, state: "succeeded", currentRoundTripTime: 0.2 }]]);
    expect(readStats(report).rttMs).toBe(200);
  });

  it("is good under 300 ms and 2 % loss, fair up to 700 ms or 8 %, poor past either, from the packets since the last reading", () => {
    expect(qualityOf(null, sample(80, 0, 500))).toBe("good");
    expect(qualityOf(null, sample(450, 0, 500))).toBe("fair");
    expect(qualityOf(sample(80, 0, 1000), sample(80, 5, 1095))).toBe("fair");
    expect(qualityOf(null, sample(900, 0, 500))).toBe("poor");
    // 10 lost of the last 100, though few over the whole call.
    expect(qualityOf(sample(80, 0, 100_000), sample(80, 10, 100_090))).toBe("poor");
    expect(qualityOf(null, sample(null, 0, 0))).toBeNull();
  });
});

describe("why the browser gave no camera or microphone", () => {
  it("names a refusal, a missing device, a device in use, and anything else", () => {
    expect(mediaProblem(Object.assign(new Error("x"), { name: "NotAllowedError" }))).toBe("denied");
    expect(mediaProblem({ name: "NotFoundError" })).toBe("none");
    expect(mediaProblem({ name: "OverconstrainedError" })).toBe("none");
    expect(mediaProblem({ name: "NotReadableError" })).toBe("in_use");
    expect(mediaProblem(new TypeError("nope"))).toBe("unsupported");
  });
});
