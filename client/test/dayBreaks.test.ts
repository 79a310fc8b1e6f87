// Date separators: where a timeline changes day in the reader's time zone, and the words for it.
import { describe, expect, it } from "vitest";
import { dayLabel, startsDay } from "../dayBreaks";

// Local times, so the tests hold in any time zone.
const at = (day: number, hour: number, minute = 0) => new Date(2026, 10, day, hour, minute).getTime();
const NOW = at(30, 15);

describe("startsDay", () => {
  it("a conversation held today has no separator", () => {
    const times = [at(30, 9), at(30, 9, 5), at(30, 14)];
    expect(times.map((_, i) => startsDay(times, i, NOW))).toEqual([false, false, false]);
  });

  it("a timeline over three days gets a separator at its start and where each day begins", () => {
    const times = [at(27, 23, 58), at(27, 23, 59), at(29, 0, 1), at(29, 10), at(30, 8)];
    expect(times.map((_, i) => startsDay(times, i, NOW))).toEqual([true, false, true, false, true]);
  });

  it("an index past the end starts nothing", () => {
    expect(startsDay([at(30, 9)], 3, NOW)).toBe(false);
  });
});

describe("dayLabel", () => {
  it("names today and yesterday in the reader's language", () => {
    expect(dayLabel(at(30, 8), NOW, "en")).toBe("Today");
    expect(dayLabel(at(29, 23), NOW, "en")).toBe("Yesterday");
    expect(dayLabel(at(30, 8), NOW, "fr")).toBe("Aujourd’hui");
    expect(dayLabel(at(29, 1), NOW, "fr")).toBe("Hier");
  });

  it("names a day of the past week by its weekday", () => {
    expect(dayLabel(at(26, 12), NOW, "en")).toBe("Thursday");
    expect(dayLabel(at(26, 12), NOW, "fr")).toBe("Jeudi");
  });

  it("dates older days, with the year only when it is not this one", () => {
    expect(dayLabel(at(3, 12), NOW, "en")).toBe("November 3");
    expect(dayLabel(at(3, 12), NOW, "fr")).toBe("3 novembre");
    expect(dayLabel(new Date(2025, 11, 24, 10).getTime(), NOW, "en")).toBe("December 24, 2025");
  });
});
