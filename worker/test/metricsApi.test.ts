// GET /api/metrics on crafted events: days cut in the workspace's zone (midnight, the clock-change
// days), the interface filter, ranges, distinct visitors, responses, the average, idempotent events,
// the defaults and refusals, who may read, and a plan that reads day sums, never events.
import { env } from "cloudflare:workers";
import { MAX_RANGE_DAYS } from "@raibu/protocol/metrics";
import { describe, expect, it } from "vitest";
import { getDb } from "../src/db/client";
import { dailySums } from "../src/metrics/query";
import { addDays, todayIn } from "../src/metrics/zone";
import { Client, createInterface, createWorkspace, signedIn } from "./helpers";
import { byDay, dashboard, event, HOUR, insert, metrics } from "./metricsFixtures";

const MIN = 60_000;

describe("days in the workspace's zone", () => {
  it("puts events at 23:59 and 00:01 local time on the days either side of midnight", async () => {
    const { ws, client, iface } = await dashboard("America/New_York");
    // 23:59 on 11 May and 00:01 on 12 May in New York (UTC-4): both on 12 May in UTC.
    await insert([event(ws.id, iface, "takeover", Date.UTC(2026, 4, 12, 3, 59)), event(ws.id, iface, "takeover", Date.UTC(2026, 4, 12, 4, 1)), event(ws.id, iface, "offline_message", Date.UTC(2026, 4, 13, 3, 59))]);
    const { status, json } = await metrics(client, { from: "2026-05-10", to: "2026-05-13" });
    expect(status).toBe(200);
    expect(json.timeZone).toBe("America/New_York");
    expect(byDay(json.days, "takeovers")).toEqual({ "2026-05-11": 1, "2026-05-12": 1 });
    expect(byDay(json.days, "offlineMessages")).toEqual({ "2026-05-12": 1 });
  });

  it("gives Europe/Paris's clock-change days 23 hours in March and 25 in October", async () => {
    const { ws, client, iface } = await dashboard("Europe/Paris");
    // One offline message every hour from 27 March to 31 March and from 23 to 27 October (UTC).
    const hourly = (from: number) => Array.from({ length: 4 * 24 }, (_, h) => event(ws.id, iface, "offline_message", from + h * HOUR + 30 * MIN));
    await insert([...hourly(Date.UTC(2026, 2, 27)), ...hourly(Date.UTC(2026, 9, 23))]);
    const march = await metrics(client, { from: "2026-03-28", to: "2026-03-30" });
    expect(byDay(march.json.days, "offlineMessages")).toEqual({ "2026-03-28": 24, "2026-03-29": 23, "2026-03-30": 24 });
    const october = await metrics(client, { from: "2026-10-24", to: "2026-10-26" });
    expect(byDay(october.json.days, "offlineMessages")).toEqual({ "2026-10-24": 24, "2026-10-25": 25, "2026-10-26": 24 });
  });

  it("cuts the first and last minutes of Paris's clock-change days on the right side", async () => {
    const { ws, client, iface } = await dashboard("Europe/Paris");
    await insert([
      event(ws.id, iface, "appointment_booked", Date.UTC(2026, 2, 28, 22, 59)), // 23:59 on the 28th (UTC+1)
      event(ws.id, iface, "appointment_booked", Date.UTC(2026, 2, 28, 23, 1)), // 00:01 on the 29th
      event(ws.id, iface, "appointment_booked", Date.UTC(2026, 2, 29, 21, 59)), // 23:59 on the 29th (UTC+2)
      event(ws.id, iface, "appointment_booked", Date.UTC(2026, 2, 29, 22, 1)), // 00:01 on the 30th
      event(ws.id, iface, "contact_converted", Date.UTC(2026, 9, 24, 21, 59)), // 23:59 on 24 October (UTC+2)
      event(ws.id, iface, "contact_converted", Date.UTC(2026, 9, 24, 22, 1)), // 00:01 on the 25th
      event(ws.id, iface, "contact_converted", Date.UTC(2026, 9, 25, 22, 59)), // 23:59 on the 25th (UTC+1)
      event(ws.id, iface, "contact_converted", Date.UTC(2026, 9, 25, 23, 1)), // 00:01 on the 26th
    ]);
    expect(byDay((await metrics(client, { from: "2026-03-28", to: "2026-03-30" })).json.days, "appointments")).toEqual({ "2026-03-28": 1, "2026-03-29": 2, "2026-03-30": 1 });
    expect(byDay((await metrics(client, { from: "2026-10-24", to: "2026-10-26" })).json.days, "contacts")).toEqual({ "2026-10-24": 1, "2026-10-25": 2, "2026-10-26": 1 });
  });
});

describe("what is counted", () => {
  it("counts a takeover, an accepted live request and an accepted video request once each as a response, and nothing else", async () => {
    const { ws, client, iface } = await dashboard();
    const at = Date.UTC(2026, 5, 3, 12);
    await insert(["takeover", "live_accepted", "video_accepted", "call_held", "offline_message", "contact_converted", "appointment_booked", "visitor_seen"].map((kind) => event(ws.id, iface, kind as never, at)));
    const { json } = await metrics(client, { from: "2026-06-03", to: "2026-06-03" });
    expect(json.totals).toEqual({ visitors: 1, contacts: 1, responses: 3, liveChats: 1, videoChats: 1, takeovers: 1, callsHeld: 1, offlineMessages: 1, appointments: 1 });
    expect(json.days).toEqual([{ day: "2026-06-03", ...json.totals }]);
  });

  it("counts the same event id written twice once", async () => {
    const { ws, client, iface } = await dashboard();
    const accepted = event(ws.id, iface, "live_accepted", Date.UTC(2026, 5, 4, 9));
    await insert([accepted]);
    await insert([accepted, { ...accepted, at: accepted.at + HOUR }]);
    expect((await metrics(client, { from: "2026-06-04", to: "2026-06-04" })).json.totals.liveChats).toBe(1);
  });

  it("counts a visitor seen on two days once each day, and seen twice the same day once", async () => {
    const { ws, client, iface } = await dashboard();
    const seen = (visitorId: string, at: number) => event(ws.id, iface, "visitor_seen", at, { visitorId });
    await insert([
      seen("ada", Date.UTC(2026, 5, 5, 9)),
      seen("ada", Date.UTC(2026, 5, 5, 17)),
      seen("ada", Date.UTC(2026, 5, 6, 9)),
      seen("bob", Date.UTC(2026, 5, 6, 10)),
      seen("bob", Date.UTC(2026, 5, 6, 11)),
    ]);
    const { json } = await metrics(client, { from: "2026-06-05", to: "2026-06-06" });
    expect(byDay(json.days, "visitors")).toEqual({ "2026-06-05": 1, "2026-06-06": 2 });
    expect(json.totals.visitors).toBe(3);
  });

  it("averages responses over every day of the range, empty days included, to one decimal", async () => {
    const { ws, client, iface } = await dashboard();
    await insert([0, 1, 2].map((i) => event(ws.id, iface, "takeover", Date.UTC(2026, 5, 10, 8 + i))));
    const week = await metrics(client, { from: "2026-06-08", to: "2026-06-14" });
    expect(week.json.days.map((d: { responses: number }) => d.responses)).toEqual([0, 0, 3, 0, 0, 0, 0]);
    expect(week.json.averageResponsesPerDay).toBe(0.4); // 3 / 7
    expect((await metrics(client, { from: "2026-06-10", to: "2026-06-12" })).json.averageResponsesPerDay).toBe(1);
    expect((await metrics(client, { from: "2026-06-01", to: "2026-06-30" })).json.averageResponsesPerDay).toBe(0.1);
  });
});

describe("the range and the interface", () => {
  it("reads one interface's figures or all of them, and refuses another workspace's interface as not found", async () => {
    const ws = await createWorkspace();
    const { client } = await signedIn(ws.id);
    const [a, b] = [await createInterface(ws.id), await createInterface(ws.id)];
    const at = Date.UTC(2026, 6, 1, 12);
    await insert([event(ws.id, a.id, "takeover", at), event(ws.id, b.id, "takeover", at), event(ws.id, b.id, "video_accepted", at), event(ws.id, b.id, "visitor_seen", at)]);
    const range = { from: "2026-07-01", to: "2026-07-01" };
    expect((await metrics(client, range)).json).toMatchObject({ interfaceId: null, totals: { responses: 3, visitors: 1 } });
    expect((await metrics(client, { ...range, interfaceId: a.id })).json).toMatchObject({ interfaceId: a.id, totals: { responses: 1, visitors: 0 } });
    expect((await metrics(client, { ...range, interfaceId: b.id })).json).toMatchObject({ interfaceId: b.id, totals: { responses: 2, visitors: 1 } });

    const other = await createInterface((await createWorkspace()).id);
    const refused = await metrics(client, { ...range, interfaceId: other.id });
    expect(refused.status).toBe(404);
    expect(refused.json.error.code).toBe("not_found");
  });

  it("answers a range of one day and one of 90, every day listed oldest first, nothing from outside", async () => {
    const { ws, client, iface } = await dashboard();
    await insert([
      event(ws.id, iface, "takeover", Date.UTC(2026, 0, 31, 23, 59)),
      event(ws.id, iface, "takeover", Date.UTC(2026, 1, 1, 0, 0)),
      event(ws.id, iface, "takeover", Date.UTC(2026, 3, 1, 12)),
      event(ws.id, iface, "takeover", Date.UTC(2026, 4, 1, 23, 59)),
      event(ws.id, iface, "takeover", Date.UTC(2026, 4, 2, 0, 0)),
    ]);
    const one = await metrics(client, { from: "2026-04-01", to: "2026-04-01" });
    expect(one.json.days).toHaveLength(1);
    expect(one.json).toMatchObject({ from: "2026-04-01", to: "2026-04-01", totals: { responses: 1 }, averageResponsesPerDay: 1 });

    const ninety = await metrics(client, { from: "2026-02-01", to: "2026-05-01" });
    expect(ninety.json.days).toHaveLength(90);
    expect(ninety.json.days[0].day).toBe("2026-02-01");
    expect(ninety.json.days[89].day).toBe("2026-05-01");
    expect(byDay(ninety.json.days, "responses")).toEqual({ "2026-02-01": 1, "2026-04-01": 1, "2026-05-01": 1 });
    expect(ninety.json.averageResponsesPerDay).toBe(0);
  });

  it("defaults to the last 7 days up to today in the workspace's zone", async () => {
    const zone = "Pacific/Kiritimati"; // UTC+14: its today is often UTC's tomorrow
    const { ws, client, iface } = await dashboard(zone);
    const today = todayIn(zone);
    await insert([event(ws.id, iface, "takeover", Date.now())]);
    const { json } = await metrics(client);
    expect(json).toMatchObject({ timeZone: zone, from: addDays(today, -6), to: today, interfaceId: null, rebuild: null });
    expect(json.days.map((d: { day: string }) => d.day)).toEqual([6, 5, 4, 3, 2, 1, 0].map((n) => addDays(today, -n)));
    expect(json.days[6].responses).toBe(1);
    // Only `from`: up to today; only `to`: the 7 days up to it.
    expect((await metrics(client, { from: addDays(today, -2) })).json).toMatchObject({ from: addDays(today, -2), to: today });
    expect((await metrics(client, { to: "2026-01-10" })).json).toMatchObject({ from: "2026-01-04", to: "2026-01-10" });
  });

  it("refuses a day the calendar does not have, a range ending before it starts, and one too long, each with its code", async () => {
    const { client } = await dashboard();
    const impossible = await metrics(client, { from: "2026-02-30", to: "2026-03-02" });
    expect(impossible.status).toBe(400);
    expect(impossible.json.error).toMatchObject({ code: "invalid_day", day: "2026-02-30" });
    const backwards = await metrics(client, { from: "2026-03-02", to: "2026-03-01" });
    expect(backwards.status).toBe(400);
    expect(backwards.json.error).toMatchObject({ code: "invalid_range", from: "2026-03-02", to: "2026-03-01" });
    const tooLong = await metrics(client, { from: "2024-01-01", to: addDays("2024-01-01", MAX_RANGE_DAYS) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error).toMatchObject({ code: "range_too_long", days: MAX_RANGE_DAYS + 1, maxDays: MAX_RANGE_DAYS });
    expect((await metrics(client, { from: "2024-01-01", to: addDays("2024-01-01", MAX_RANGE_DAYS - 1) })).status).toBe(200);
    const malformed = await metrics(client, { from: "2026-3-1" });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe("invalid_request");
  });
});

describe("who reads, and what a read costs", () => {
  it("answers 401 without a session, and an agent (not only admins) reads the figures", async () => {
    expect((await new Client().get("/api/metrics")).status).toBe(401);
    const { client } = await dashboard();
    expect((await metrics(client)).status).toBe(200);
  });

  it("reads the day sums down their primary key, never the events", async () => {
    const db = getDb(env.DB);
    for (const interfaceId of [null, "if-1"]) {
      const { sql, params } = dailySums(db, "ws", "2026-01-01", "2026-12-31", interfaceId).getQuery();
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ detail: string }>();
      const steps = plan.results.map((row) => row.detail);
      expect(steps).toEqual([expect.stringMatching(/^SEARCH metric_daily USING (INDEX sqlite_autoindex_metric_daily_1|PRIMARY KEY) \(workspace_id=\? AND day>\? AND day<\?\)$/)]);
    }
  });
});
