// The call's connection-quality hint: two readings of RTCPeerConnection.getStats() a few
// seconds apart → good, fair or poor, from the round-trip time and the share of packets lost.

export type Quality = "good" | "fair" | "poor";

/** What one getStats() reading says, summed over the inbound streams. */
export interface StatsSample {
  /** The selected candidate pair's current round trip, in ms; null before there is one. */
  rttMs: number | null;
  packetsLost: number;
  packetsReceived: number;
  /** Video bytes received so far: grows while the other side's video flows. */
  videoBytesReceived: number;
}

type Stat = { type: string; [key: string]: unknown };

const num = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : 0);

export function readStats(report: { forEach(cb: (stat: Stat) => void): void }): StatsSample {
  const sample: StatsSample = { rttMs: null, packetsLost: 0, packetsReceived: 0, videoBytesReceived: 0 };
  const pairs = new Map<string, Stat>();
  let selectedPair: string | null = null;
  report.forEach((stat) => {
    if (stat.type === "transport" && typeof stat.selectedCandidatePairId === "string") selectedPair = stat.selectedCandidatePairId;
    if (stat.type === "candidate-pair") pairs.set(String(stat.id), stat);
    if (stat.type === "inbound-rtp") {
      sample.packetsLost += num(stat.packetsLost);
      sample.packetsReceived += num(stat.packetsReceived);
      if (stat.kind === "video") sample.videoBytesReceived += num(stat.bytesReceived);
    }
  });
  // Firefox names no transport's pair: the nominated, succeeded one is in use.
  const pair = (selectedPair && pairs.get(selectedPair)) || [...pairs.values()].find((p) => p.nominated === true && p.state === "succeeded");
  if (pair && typeof pair.currentRoundTripTime === "number") sample.rttMs = pair.currentRoundTripTime * 1000;
  return sample;
}

/** Thresholds as calling apps commonly draw them: past 300 ms or 2 % lost talk gets awkward, past 700 ms or 8 % it breaks up. */
export function qualityOf(before: StatsSample | null, now: StatsSample): Quality | null {
  const lost = now.packetsLost - (before?.packetsLost ?? 0);
  const received = now.packetsReceived - (before?.packetsReceived ?? 0);
  const loss = lost + received > 0 ? Math.max(0, lost) / (lost + received) : null;
  if (now.rttMs === null && loss === null) return null;
  const rtt = now.rttMs ?? 0;
  const lossShare = loss ?? 0;
  if (rtt > 700 || lossShare > 0.08) return "poor";
  if (rtt > 300 || lossShare > 0.02) return "fair";
  return "good";
}
