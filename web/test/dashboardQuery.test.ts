// The dashboard's filters: kept in the address, the presets cut in the workspace's zone (the one GET
// /api/me names), a custom range checked before it is sent, and the query GET /api/metrics gets.
// zod's OpenAPI extension first: protocol/metrics.ts needs it as it loads.
import "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { MAX_RANGE_DAYS as PROTOCOL_MAX_RANGE_DAYS, MetricsQuerySchema } from "@raibu/protocol/metrics";
import { MeSchema } from "@raibu/protocol/api";
import { checkRange, DEFAULT_FILTERS, filtersFromSearch, filtersToSearch, MAX_RANGE_DAYS, metricsQuery, presetDays, todayIn } from "../src/components/dashboard/dashboardQuery";

// Nov 30 2026, 23:30 UTC: already Dec 1 in Paris (UTC+1), still Nov 30 in New York.
const LATE = Date.UTC(2026, 10, 30, 23, 30);

describe("the dashboard's filters in the address", () => {
  it("an address with nothing in it is the last 7 days for all interfaces, and those defaults stay out of it", () => {
    expect(filtersFromSearch({})).toEqual(DEFAULT_FILTERS);
    expect(DEFAULT_FILTERS).toMatchObject({ range: "last7", interfaceId: "" });
    expect(filtersToSearch(DEFAULT_FILTERS)).toEqual({ range: undefined, from: undefined, to: undefined, interface: undefined });
  });

  it("a preset, an interface and a custom range are written to the address and read back the same", () => {
    const preset = { range: "last30", from: "", to: "", interfaceId: "if_1" } as const;
    expect(filtersToSearch(preset)).toEqual({ range: "last30", from: undefined, to: undefined, interface: "if_1" });
    expect(filtersFromSearch({ range: "last30", interface: "if_1" })).toEqual(preset);
    const custom = { range: "custom", from: "2026-10-01", to: "2026-10-15", interfaceId: "" } as const;
    expect(filtersToSearch(custom)).toEqual({ range: undefined, from: "2026-10-01", to: "2026-10-15", interface: undefined });
    expect(filtersFromSearch({ from: "2026-10-01", to: "2026-10-15" })).toEqual(custom);
  });

  it("a hand-edited address with a bad day, reversed days, a range over the limit or an unknown preset falls back to the default week", () => {
    for (const search of [{ from: "2026-02-30", to: "2026-03-02" }, { from: "2026-10-15", to: "2026-10-01" }, { from: "2020-01-01", to: "2026-01-01" }, { from: "2026-10-01" }, { range: "forever" }]) {
      expect(filtersFromSearch(search)).toEqual(DEFAULT_FILTERS);
    }
  });
});

describe("the date presets", () => {
  it("are days of the workspace's zone: late on Nov 30 UTC, Paris's week already ends on Dec 1 and New York's on Nov 30", () => {
    expect(todayIn("Europe/Paris", LATE)).toBe("2026-12-01");
    expect(metricsQuery(DEFAULT_FILTERS, "Europe/Paris", LATE)).toEqual({ from: "2026-11-25", to: "2026-12-01" });
    expect(metricsQuery(DEFAULT_FILTERS, "America/New_York", LATE)).toEqual({ from: "2026-11-24", to: "2026-11-30" });
  });

  it("the zone they are cut in is the workspace's, as GET /api/me names it", () => {
    const me = MeSchema.parse({ id: "u1", email: "a@example.com", name: "A", role: "agent", availability: "online", locale: null, workspace: { id: "w1", name: "W", timeZone: "Pacific/Auckland" }, mailMode: "dev_outbox" });
    // 23:30 UTC on Nov 30 is 12:30 on Dec 1 in Auckland (UTC+13).
    expect(metricsQuery({ ...DEFAULT_FILTERS, range: "thisMonth" }, me.workspace.timeZone, LATE)).toEqual({ from: "2026-12-01", to: "2026-12-01" });
  });

  it("last 30 and 90 days end today; this month starts on its first; last month is the whole previous month, over a year's end and in February", () => {
    expect(presetDays("last30", "2026-11-30")).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(presetDays("last90", "2026-11-30")).toEqual({ from: "2026-09-02", to: "2026-11-30" });
    expect(presetDays("thisMonth", "2026-11-30")).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(presetDays("lastMonth", "2026-11-30")).toEqual({ from: "2026-10-01", to: "2026-10-31" });
    expect(presetDays("lastMonth", "2027-01-15")).toEqual({ from: "2026-12-01", to: "2026-12-31" });
    expect(presetDays("lastMonth", "2028-03-01")).toEqual({ from: "2028-02-01", to: "2028-02-29" });
  });

  it("the query names the interface only when one is chosen, and is what GET /api/metrics accepts", () => {
    const all = metricsQuery(DEFAULT_FILTERS, "UTC", LATE);
    expect(all).not.toHaveProperty("interfaceId");
    const one = metricsQuery({ ...DEFAULT_FILTERS, interfaceId: "if_2" }, "UTC", LATE);
    expect(one).toEqual({ from: "2026-11-24", to: "2026-11-30", interfaceId: "if_2" });
    expect(MetricsQuerySchema.parse(one)).toEqual(one);
  });
});

describe("a custom range", () => {
  const today = "2026-11-30";
  it("is refused with its reason: a missing day, days reversed, a last day after today, more days than the API takes", () => {
    expect(checkRange("", "2026-11-10", today)).toEqual({ key: "dashboard.invalid.from" });
    expect(checkRange("2026-11-01", "", today)).toEqual({ key: "dashboard.invalid.to" });
    expect(checkRange("2026-11-10", "2026-11-01", today)).toEqual({ key: "dashboard.invalid.order" });
    expect(checkRange("2026-11-10", "2026-12-01", today)).toEqual({ key: "dashboard.invalid.future", today });
    expect(checkRange("2024-11-29", today, today)).toEqual({ key: "dashboard.invalid.tooLong", days: 731 });
  });

  it("of one day, or of exactly the longest span, is accepted", () => {
    expect(checkRange(today, today, today)).toBeNull();
    expect(checkRange("2024-11-30", today, today)).toBeNull();
  });

  it("the longest span is the protocol's", () => {
    expect(MAX_RANGE_DAYS).toBe(PROTOCOL_MAX_RANGE_DAYS);
  });
});
