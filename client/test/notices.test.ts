// One rule for which sentence a system notice reads as, whatever front end writes the words.
import { describe, expect, it } from "vitest";
import type { SystemNotice } from "@raibu/protocol/realtime";
import { duration, NOTICE_KEYS, noticeText, type NoticeKey } from "../notices";

/** A front end whose sentence is its key and the names it was given. */
const echo = (key: NoticeKey, params?: Record<string, string | number>) => [key, ...Object.values(params ?? {})].join(" ");

describe("noticeText", () => {
  it("picks the sentence of each code and kind, with the names it carries", () => {
    const cases: Array<[SystemNotice, string]> = [
      [{ code: "takeover", agent: "Ana" }, "takeover Ana"],
      [{ code: "accepted", agent: "Ana", kind: "live" }, "accepted.live Ana"],
      [{ code: "accepted", agent: "Ana", kind: "video" }, "accepted.video Ana"],
      [{ code: "transferred", from: "Ana", to: "Bo" }, "transferred Ana Bo"],
      [{ code: "closed", by: "Ana" }, "closedBy Ana"],
      [{ code: "closed", by: null }, "closed"],
      [{ code: "request_timeout" }, "requestTimeout"],
      [{ code: "nobody_online" }, "nobodyOnline"],
      [{ code: "outside_hours", opensAt: null }, "outsideHours"],
      [{ code: "outside_hours", opensAt: Date.UTC(2026, 2, 30, 7) }, `outsideHoursUntil ${new Intl.DateTimeFormat(undefined, { weekday: "long", hour: "numeric", minute: "2-digit" }).format(Date.UTC(2026, 2, 30, 7))}`],
      [{ code: "requested", kind: "live" }, "requested.live"],
      [{ code: "requested", kind: "video" }, "requested.video"],
      [{ code: "kept_as_message" }, "keptAsMessage"],
      [{ code: "offline_form_sent" }, "offlineFormSent"],
      [{ code: "call_joined", role: "visitor" }, "callJoined.visitor"],
      [{ code: "call_joined", role: "agent" }, "callJoined.agent"],
      [{ code: "call_ended", durationMs: 65_000 }, `callEnded ${duration(65_000)}`],
      [{ code: "appointment_booked", startsAt: Date.UTC(2026, 11, 1, 9) }, `appointmentBooked ${new Date(Date.UTC(2026, 11, 1, 9)).toLocaleString(undefined, { dateStyle: "full", timeStyle: "short" })}`],
    ];
    for (const [notice, text] of cases) expect(noticeText(notice, echo)).toBe(text);
    expect(new Set(cases.map(([notice]) => noticeText(notice, (key) => key)))).toEqual(new Set(NOTICE_KEYS));
  });

  it("shows a call's length as a clock does: minutes and seconds, hours once past one", () => {
    expect(duration(42_000)).toBe("0:42");
    expect(duration(65_400)).toBe("1:05");
    expect(duration(3_800_000)).toBe("1:03:20");
    expect(duration(-5)).toBe("0:00");
  });

  it("reads a code this build does not know as empty, so the message's own text is shown", () => {
    expect(noticeText({ code: "something_new" } as unknown as SystemNotice, echo)).toBe("");
  });
});
