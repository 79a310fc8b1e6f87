// The `calls` section of RESULTS.md: time from both call pages joined to the first remote video frame,
// next to two peer connections joined inside one page, and the signalling frames relayed per call.

const KIND_LABELS = { "signal:offer": "offer", "signal:answer": "answer", "signal:candidate": "candidate", media: "media state" };

export function callsSection(calls) {
  if (!calls) return "";
  if (calls.error) return `\n## Video calls (calls)\n\nRun of ${calls.date} **failed to complete**: ${calls.error.split("\n")[0]}\n`;
  const f = calls.first_frame;
  const l = calls.loopback;
  const w = calls.two_browsers;
  const r = calls.relayed_per_call;
  const t = calls.timeline_p50_ms;
  const trip = calls.relay_trip;
  const row = (label, s) => `| ${label} | ${s.p50_ms} ms | ${s.p95_ms} ms | ${s.min_ms} ms | ${s.max_ms} ms |`;
  const rows = [
    "| from both joined (the later welcome) to … | p50 | p95 | min | max |",
    "|---|---|---|---|---|",
    row("**the first remote video frame on both pages** (the later one)", f.both_sides),
    row("the agent's page's first remote frame", f.agent_side),
    row("the visitor's page's first remote frame", f.visitor_side),
    row("getStats first showing framesDecoded > 0 on both (polled every 10 ms)", f.decoded_seen_both_sides),
    row("baseline: two peer connections in one page, no server — both first frames after t0", l.both_sides),
    ...(w ? [row("baseline: the same two browsers, signals carried by the bench, no server — both first frames after the offerer's start", w.both_sides)] : []),
  ];
  const kinds = Object.entries(r.by_kind_mean).map(([k, v]) => `${KIND_LABELS[k] ?? k} ${v}`).join(", ");
  const problems = calls.problems?.length ? `\n**Frames lost or refused** (the run fails on these):\n\n${calls.problems.map((p) => `- ${p}`).join("\n")}\n` : "";
  return `
## Video calls (run of ${calls.date}, ${calls.wall_s} s; alone: \`npm run bench -- --only=calls\`)

${calls.calls} calls (after ${calls.params.warmup} untimed), each made through the real endpoints: a visitor on the demo's contact page
asks for a video chat on their socket, the admin accepts it (\`POST /api/conversations/:id/accept\`, which gives the call's two
signed links); then two Chromiums with fake cameras (\`--use-fake-device-for-media-stream\`), one per person, open the agent's link
and join, then the visitor's, on Raibu straight on workerd (state on disk, the sockets' real frame rates). A probe in each page
notes its socket's frames and the first frame its remote \`<video>\` presents (\`requestVideoFrameCallback\`). Time 0 is when both
sockets had their \`welcome\` (the visitor's joined ${calls.joins_apart_ms.p50_ms} ms p50 after the agent's, outside the measure);
each call then runs ${calls.params.hold_ms / 1000} s and the agent hangs up. The baseline runs after each call in one of the two browsers
in turn: the fake camera opened first (as the call page's preview does), then two RTCPeerConnections each sending audio and video,
offer, answer and candidates handed across in the page, with the call's own ICE servers (${calls.params.ice_servers?.join(", ") || "none"}).${w ? `
The second baseline, after it: one blank page in each of the two browsers, the camera opened first, then the visitor's browser
offers and each page's offer, answer and candidates go out through a Playwright binding and into the other page by an
evaluate — the same browsers, ICE servers and media, with no server between.` : ""}

${rows.join("\n")}

- Raibu's call ÷ the one-page baseline at p50: **${calls.ratio_p50}×** (${calls.overhead_p50_ms} ms more): two browsers instead of
  one page, and the offer, answer and candidates through two sockets and the call object.${w ? `
- Raibu's call ÷ the same two browsers signalled by the bench at p50: **${calls.ratio_to_two_browsers_p50}×** (${calls.overhead_to_two_browsers_p50_ms} ms
  more): what the sockets and the call object add (the bench's own hand-over, through Playwright's protocol, is not free either:
  ${w.signals_mean} signals per connection on average).` : ""}
- Where it goes (p50 over the calls, ms after both joined; the ${calls.offerer.every((o) => o === "visitor") ? "visitor, who finds the agent there, offers in every call" : `offerer: ${calls.offerer.join(", ")}`}):
  offer sent ${t.offer_sent}, received ${t.offer_received}; answer sent ${t.answer_sent}, received ${t.answer_received}; then ICE and the first
  frames. A signal's trip from one page's socket to the other's through the call object: p50 **${trip.p50_ms} ms**, p95 ${trip.p95_ms} ms,
  max ${trip.max_ms} ms (${trip.n} signals).
- Signalling frames the call object relayed per call (up to the hang-up): mean **${r.mean}**, max **${r.max}** (min ${r.min});
  ${r.before_video_mean} on average before both first frames; by kind (mean): ${kinds}. Besides these, each page gets its
  \`welcome\`, \`peer\` and \`ended\` from the call object itself; the first page's media state, sent while it is alone, is
  kept and told to the second page as it joins (frames answered \`peer_absent\`: ${calls.refused_while_alone_per_call} per call).
${problems}`;
}
