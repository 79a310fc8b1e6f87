// A time zone as metric_zones holds it: the clock changes found with Intl, to the minute, checked
// against changes known from the tz database, and the calendar-day helpers the dashboard uses.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../src/db/client";
import { metricZones } from "../src/db/schema";
import { addDays, dayNumber, localDay, replaceZoneRows, todayIn, zoneChanges, type ZoneChange } from "../src/metrics/zone";
import { unique } from "./helpers";

const H = 3_600_000;

/** The change at `fromMs`, if the zone has one there. */
const changeAt = (changes: readonly ZoneChange[], fromMs: number) => changes.find((c) => c.fromMs === fromMs);
/** The offset the trigger would read at `at`: the last change at or before it. */
const offsetAt = (changes: readonly ZoneChange[], at: number) => changes.filter((c) => c.fromMs <= at).at(-1)?.offsetMs ?? 0;

describe("a zone's clock changes", () => {
  it("finds Europe/Paris going to summer time at 01:00 UTC on 29 March 2026 and back on 25 October", () => {
    const changes = zoneChanges("Europe/Paris");
    expect(changeAt(changes, Date.UTC(2026, 2, 29, 1))).toEqual({ fromMs: Date.UTC(2026, 2, 29, 1), offsetMs: 2 * H });
    expect(changeAt(changes, Date.UTC(2026, 9, 25, 1))).toEqual({ fromMs: Date.UTC(2026, 9, 25, 1), offsetMs: 1 * H });
    expect(offsetAt(changes, Date.UTC(2026, 2, 29, 0, 59))).toBe(1 * H);
    // 1970 starts in winter time; France's first summer time began at 01:00 local on 28 March 1976.
    expect(changes[0]).toEqual({ fromMs: 0, offsetMs: 1 * H });
    expect(changes[1]).toEqual({ fromMs: Date.UTC(1976, 2, 28, 0), offsetMs: 2 * H });
  });

  it("finds America/New_York's changes at 2:00 local on 8 March and 1 November 2026", () => {
    const changes = zoneChanges("America/New_York");
    expect(changeAt(changes, Date.UTC(2026, 2, 8, 7))).toEqual({ fromMs: Date.UTC(2026, 2, 8, 7), offsetMs: -4 * H });
    expect(changeAt(changes, Date.UTC(2026, 10, 1, 6))).toEqual({ fromMs: Date.UTC(2026, 10, 1, 6), offsetMs: -5 * H });
    expect(offsetAt(changes, Date.UTC(2099, 6, 1))).toBe(-4 * H);
  });

  it("gives Asia/Kolkata one row at +5:30, its offset since before 1970", () => {
    expect(zoneChanges("Asia/Kolkata")).toEqual([{ fromMs: 0, offsetMs: 5.5 * H }]);
  });

  it("finds Australia/Lord_Howe's half-hour summer time (+10:30 to +11) to the minute", () => {
    const changes = zoneChanges("Australia/Lord_Howe");
    // Summer time ends at 02:00 local (+11) on 5 April 2026 and starts at 02:00 local (+10:30) on 4 October.
    expect(changeAt(changes, Date.UTC(2026, 3, 4, 15))).toEqual({ fromMs: Date.UTC(2026, 3, 4, 15), offsetMs: 10.5 * H });
    expect(changeAt(changes, Date.UTC(2026, 9, 3, 15, 30))).toEqual({ fromMs: Date.UTC(2026, 9, 3, 15, 30), offsetMs: 11 * H });
    expect(offsetAt(changes, Date.UTC(2026, 9, 3, 15, 29))).toBe(10.5 * H);
  });

  it("gives no rows for zones always at UTC+0, which the trigger reads as UTC", () => {
    expect(zoneChanges("UTC")).toEqual([]);
    expect(zoneChanges("Africa/Abidjan")).toEqual([]);
    // London was at +1 all year until 1971 and has summer time: it has rows.
    expect(zoneChanges("Europe/London").length).toBeGreaterThan(200);
  });

  it("lists changes oldest first, each a real change, up to 2100", () => {
    const changes = zoneChanges("Europe/Paris");
    for (let i = 1; i < changes.length; i++) {
      expect(changes[i]!.fromMs).toBeGreaterThan(changes[i - 1]!.fromMs);
      expect(changes[i]!.offsetMs).not.toBe(changes[i - 1]!.offsetMs);
    }
    expect(changes.at(-1)!.fromMs).toBe(Date.UTC(2099, 9, 25, 1));
  });
});

describe("a workspace's zone rows", () => {
  it("are replaced in statements of at most 100 bound values, every change stored", async () => {
    const db = getDb(env.DB);
    const workspaceId = unique("ws");
    const changes = zoneChanges("Europe/Paris");
    const statements = replaceZoneRows(db, workspaceId, changes);
    for (const statement of statements) expect((statement as unknown as { toSQL(): { params: unknown[] } }).toSQL().params.length).toBeLessThanOrEqual(100);
    await db.batch(statements);
    await db.batch(replaceZoneRows(db, workspaceId, zoneChanges("America/New_York")));
    const stored = await db.select({ fromMs: metricZones.fromMs, offsetMs: metricZones.offsetMs }).from(metricZones).where(eq(metricZones.workspaceId, workspaceId)).orderBy(metricZones.fromMs);
    expect(stored).toEqual(zoneChanges("America/New_York"));
  });
});

describe("calendar days", () => {
  it("reads the local day of an instant on each side of midnight, also on a clock-change day", () => {
    expect(localDay(Date.UTC(2026, 4, 12, 3, 59), "America/New_York")).toBe("2026-05-11");
    expect(localDay(Date.UTC(2026, 4, 12, 4, 1), "America/New_York")).toBe("2026-05-12");
    expect(localDay(Date.UTC(2026, 2, 28, 22, 59), "Europe/Paris")).toBe("2026-03-28");
    expect(localDay(Date.UTC(2026, 2, 28, 23, 0), "Europe/Paris")).toBe("2026-03-29");
    expect(localDay(Date.UTC(2026, 2, 29, 21, 59), "Europe/Paris")).toBe("2026-03-29");
    expect(localDay(Date.UTC(2026, 2, 29, 22, 0), "Europe/Paris")).toBe("2026-03-30");
    expect(localDay(Date.UTC(2026, 4, 12, 18, 29), "Asia/Kolkata")).toBe("2026-05-12");
    expect(localDay(Date.UTC(2026, 4, 12, 18, 30), "Asia/Kolkata")).toBe("2026-05-13");
    expect(todayIn("Pacific/Kiritimati", Date.UTC(2026, 0, 1, 10))).toBe("2026-01-02");
  });

  it("adds days across months, years and leap days", () => {
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-05-12", -6)).toBe("2026-05-06");
  });

  it("refuses days the calendar does not have", () => {
    expect(dayNumber("2026-02-30")).toBeNull();
    expect(dayNumber("2026-13-01")).toBeNull();
    expect(dayNumber("2026-00-10")).toBeNull();
    expect(dayNumber("0050-01-01")).toBeNull();
    expect(dayNumber("2028-02-29")).toBe(Date.UTC(2028, 1, 29) / 86_400_000);
  });
});
