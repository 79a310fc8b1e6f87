// One rule for which sentence a system notice reads as, whatever front end writes the words.
import { describe, expect, it } from "vitest";
import type { SystemNotice } from "@raibu/protocol/realtime";
import { NOTICE_KEYS, noticeText, type NoticeKey } from "../notices";

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
    ];
    for (const [notice, text] of cases) expect(noticeText(notice, echo)).toBe(text);
    expect(new Set(cases.map(([notice]) => noticeText(notice, (key) => key)))).toEqual(new Set(NOTICE_KEYS));
  });

  it("reads a code this build does not know as empty, so the message's own text is shown", () => {
    expect(noticeText({ code: "something_new" } as unknown as SystemNotice, echo)).toBe("");
  });
});
