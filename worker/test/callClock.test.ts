// The call's clock without a runtime: when a call starts, when a call left empty ends, how long it lasted.
import { describe, expect, it } from "vitest";
import { abandonAt, afterWait, CALL_ABANDONED_AFTER_MS, ended, joined, left, NEW_CLOCK } from "../src/calls/callClock";

const T = 1_700_000_000_000;

describe("call clock", () => {
  it("a call starts the first time both members are there, not when the first one joins", () => {
    const alone = joined(NEW_CLOCK, false, T);
    expect(alone.startedAt).toBeNull();
    const both = joined(alone, true, T + 5000);
    expect(both.startedAt).toBe(T + 5000);
    expect(joined(both, true, T + 9000).startedAt).toBe(T + 5000);
  });

  it("the duration runs from the start to the hang-up; a call that never started lasted 0", () => {
    const started = joined(NEW_CLOCK, true, T);
    expect(ended(started, "agent", T + 65_000)).toMatchObject({ endedAt: T + 65_000, endedBy: "agent", durationMs: 65_000 });
    expect(ended(NEW_CLOCK, "visitor", T)).toMatchObject({ endedAt: T, durationMs: 0 });
  });

  it("a call ends once: a second hang-up changes nothing", () => {
    const over = ended(joined(NEW_CLOCK, true, T), "agent", T + 1000);
    expect(ended(over, "visitor", T + 9000)).toBe(over);
  });

  it("a started call left empty waits, then ends as of when the last one left; someone coming back stops the wait", () => {
    const started = joined(NEW_CLOCK, true, T);
    const oneLeft = left(started, "agent", true, T + 1000);
    expect(abandonAt(oneLeft)).toBeNull();
    const empty = left(oneLeft, "visitor", false, T + 2000);
    expect(abandonAt(empty)).toBe(T + 2000 + CALL_ABANDONED_AFTER_MS);
    expect(afterWait(empty, T + 2000 + CALL_ABANDONED_AFTER_MS - 1)).toBe(empty);
    expect(afterWait(empty, T + 2000 + CALL_ABANDONED_AFTER_MS)).toMatchObject({ endedAt: T + 2000, endedBy: "visitor", durationMs: 2000 });
    const back = joined(empty, false, T + 60_000);
    expect(abandonAt(back)).toBeNull();
    expect(afterWait(back, T + 2 * CALL_ABANDONED_AFTER_MS)).toBe(back);
  });

  it("a member who leaves before the other ever came starts no wait: an appointment's early visitor ends nothing", () => {
    const early = left(joined(NEW_CLOCK, false, T), "visitor", false, T + 1000);
    expect(abandonAt(early)).toBeNull();
    expect(afterWait(early, T + 10 * CALL_ABANDONED_AFTER_MS).endedAt).toBeNull();
  });
});
