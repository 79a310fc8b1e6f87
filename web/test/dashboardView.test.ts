// The dashboard's figures in words: the cards, the table behind the chart, the highlighted day moved by
// the keyboard and what it says, the rebuild's banner, and the page's texts in both languages.
import { describe, expect, it } from "vitest";
import type { Metrics, MetricsDay } from "@raibu/protocol/metrics";
import { cardFigures, dayReadout, hasActivity, moveDay, rebuildBanner, tableRows } from "../src/components/dashboard/dashboardView";
import { dashboardEn, dashboardFr, dashboardText } from "../src/components/dashboard/texts";

const day = (d: string, extra: Partial<MetricsDay> = {}): MetricsDay => ({
  day: d,
  visitors: 0,
  contacts: 0,
  responses: 0,
  liveChats: 0,
  videoChats: 0,
  takeovers: 0,
  callsHeld: 0,
  offlineMessages: 0,
  appointments: 0,
  ...extra,
});

function metrics(days: MetricsDay[], average: number): Metrics {
  const { day: _, ...zero } = day("");
  const totals = days.reduce((sum, d) => {
    const { day: _d, ...figures } = d;
    return Object.fromEntries(Object.entries(sum).map(([k, v]) => [k, v + figures[k as keyof typeof figures]])) as typeof zero;
  }, zero);
  return { timeZone: "Europe/Paris", from: days[0]!.day, to: days[days.length - 1]!.day, interfaceId: null, days, totals, averageResponsesPerDay: average, rebuild: null };
}

const week = metrics(
  [
    day("2026-11-24", { visitors: 1200, contacts: 3, responses: 4, liveChats: 2, videoChats: 1, takeovers: 1 }),
    day("2026-11-25"),
    day("2026-11-26", { visitors: 7, contacts: 1, responses: 3, liveChats: 1, videoChats: 1, takeovers: 1, offlineMessages: 2 }),
    day("2026-11-27"),
    day("2026-11-28"),
    day("2026-11-29"),
    day("2026-11-30", { visitors: 12, contacts: 2, responses: 11, liveChats: 5, videoChats: 2, takeovers: 4, offlineMessages: 1 }),
  ],
  2.6,
);
const en = dashboardText("en");
const fr = dashboardText("fr");

describe("the dashboard's cards", () => {
  it("total responses with its live, video and takeover parts, the average a day with one decimal, and the offline messages", () => {
    const f = cardFigures(week, "en");
    expect(f).toMatchObject({ responses: "18", live: "8", video: "4", takeovers: "6", average: "2.6", days: 7, offline: "3" });
    expect(en("dashboard.breakdown", { live: f.live, video: f.video, takeovers: f.takeovers })).toBe("Live 8 · Video 4 · Takeovers 6");
    expect(en("dashboard.averageNote", { responses: f.responses, days: f.days })).toBe("18 over 7 days");
  });

  it("in French the average has a decimal comma and a whole average no decimal", () => {
    expect(cardFigures(week, "fr").average).toBe("2,6");
    expect(cardFigures({ ...week, averageResponsesPerDay: 3 }, "fr").average).toBe("3");
    expect(cardFigures(week, "fr").responses).toBe("18");
  });

  it("a range where nothing happened is said to be empty; one visitor is activity", () => {
    const empty = metrics([day("2026-11-29"), day("2026-11-30")], 0);
    expect(hasActivity(empty)).toBe(false);
    expect(hasActivity(metrics([day("2026-11-30", { visitors: 1 })], 0))).toBe(true);
  });
});

describe("the table behind the chart", () => {
  it("has one row a day, oldest first, empty days included, with visitors, converted contacts and the range's total", () => {
    const { rows, total } = tableRows(week, "en");
    expect(rows.map((r) => [r.day, r.label, r.visitors, r.contacts])).toEqual([
      ["2026-11-24", "Tue, Nov 24", "1,200", "3"],
      ["2026-11-25", "Wed, Nov 25", "0", "0"],
      ["2026-11-26", "Thu, Nov 26", "7", "1"],
      ["2026-11-27", "Fri, Nov 27", "0", "0"],
      ["2026-11-28", "Sat, Nov 28", "0", "0"],
      ["2026-11-29", "Sun, Nov 29", "0", "0"],
      ["2026-11-30", "Mon, Nov 30", "12", "2"],
    ]);
    expect(total).toEqual({ visitors: "1,219", contacts: "6" });
  });

  it("names the days in the page's language, as the workspace cuts them whatever the browser's zone", () => {
    const { rows } = tableRows(week, "fr");
    expect(rows[0]!.label).toBe("mar. 24 nov.");
    expect(rows[0]!.visitors).toBe("1\u202f200");
  });
});

describe("the chart's highlighted day", () => {
  it("the first arrow lands on the last day; ← and → step a day and stop at the ends; Home and End jump; other keys are not the chart's", () => {
    expect(moveDay(null, "ArrowLeft", 7)).toBe(6);
    expect(moveDay(null, "ArrowRight", 7)).toBe(6);
    expect(moveDay(6, "ArrowLeft", 7)).toBe(5);
    expect(moveDay(2, "ArrowRight", 7)).toBe(3);
    expect(moveDay(0, "ArrowLeft", 7)).toBe(0);
    expect(moveDay(6, "ArrowRight", 7)).toBe(6);
    expect(moveDay(4, "Home", 7)).toBe(0);
    expect(moveDay(1, "End", 7)).toBe(6);
    expect(moveDay(3, "Tab", 7)).toBeUndefined();
    expect(moveDay(null, "ArrowLeft", 0)).toBeUndefined();
  });

  it("says its day and both figures, in English and in French", () => {
    expect(dayReadout(week.days[6]!, en, "en")).toBe("Monday, November 30, 2026: 12 visitors, 2 converted contacts");
    expect(dayReadout(week.days[2]!, en, "en")).toBe("Thursday, November 26, 2026: 7 visitors, 1 converted contact");
    expect(dayReadout(week.days[1]!, fr, "fr")).toBe("mercredi 25 novembre 2026 : 0 visiteur, 0 contact converti");
  });
});

describe("the rebuild banner", () => {
  const rebuild = { timeZone: "America/New_York", status: "running" as const, done: 250_000, total: 1_000_000, startedAt: 1, finishedAt: null };
  it("while a time-zone change is applied it shows done of total and the percentage, once the events are counted", () => {
    expect(rebuildBanner(rebuild, en, "en")).toEqual({
      running: true,
      percent: 25,
      text: "The days are being recomputed for the time zone America/New_York: 250,000 of 1,000,000 events (25%). Until then they are cut in the previous zone.",
    });
    // Before the job has counted the events: no fraction yet, and no "0 of 0".
    expect(rebuildBanner({ ...rebuild, done: 0, total: 0 }, en, "en")).toEqual({ running: true, percent: null, text: expect.stringContaining("counting the events") });
    expect(rebuildBanner(rebuild, fr, "fr")?.text).toContain("250\u202f000 événements sur 1\u202f000\u202f000 (25 %)");
  });

  it("is gone once the change is done, and says a failure", () => {
    expect(rebuildBanner(null, en, "en")).toBeNull();
    expect(rebuildBanner({ ...rebuild, status: "done", done: 1_000_000, finishedAt: 2 }, en, "en")).toBeNull();
    expect(rebuildBanner({ ...rebuild, status: "failed" }, en, "en")).toMatchObject({ running: false, text: expect.stringContaining("failed") });
  });
});

describe("the dashboard's texts", () => {
  it("say the seed's French words: « Total des réponses », « Réponse moyenne/jour », « Messages hors ligne », « Rendez-vous », « Rejoindre »", () => {
    expect(fr("dashboard.totalResponses")).toBe("Total des réponses");
    expect(fr("dashboard.averagePerDay")).toBe("Réponse moyenne/jour");
    expect(fr("dashboard.offlineMessages")).toBe("Messages hors ligne");
    expect(fr("dashboard.appointments")).toBe("Rendez-vous");
    expect(fr("appointments.join")).toBe("Rejoindre");
    expect(en("dashboard.totalResponses")).toBe("Total responses");
    expect(en("dashboard.averagePerDay")).toBe("Average responses per day");
    expect(en("appointments.join")).toBe("Join");
  });

  it("every English text has a French one with the same placeholders", () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(dashboardEn)) {
      const french = dashboardFr[key as keyof typeof dashboardFr];
      expect(french, key).toBeTruthy();
      expect(names(french), key).toEqual(names(text));
    }
  });
});
