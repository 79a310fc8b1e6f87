// Console → Appointments' pure parts: a lobby frame merged into the lists, when « Join » opens, which
// frames alert an agent, the settings form's check, and the pages' texts in both languages.
// zod's OpenAPI extension first: protocol/fields.ts (through the schema's module) needs it as it loads.
import "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import type { Appointment } from "@raibu/protocol/appointments";
import { appointmentAlertFor } from "../src/components/appointments/appointmentAlert";
import { applyToPast, applyToUpcoming, canJoin, isUpcoming, JOIN_EARLY_MS, withEnded } from "../src/components/appointments/appointmentList";
import { appointmentFormFrom, checkAppointmentForm, NUMBER_BOUNDS, NUMBER_FIELDS } from "../src/components/appointments/appointmentSettingsForm";
import { appointmentEn, appointmentFr } from "../src/components/appointments/texts";
import type { AppointmentFrame } from "../src/stores/createLobby";
import { AppointmentSettingsSchema } from "@raibu/protocol/appointments";

const NOW = Date.UTC(2026, 10, 30, 14, 0);
const MIN = 60_000;

const appointment = (id: string, startsAt: number, extra: Partial<Appointment> = {}): Appointment => ({
  id,
  interfaceId: "if1",
  interfaceName: "Shop",
  conversationId: `c-${id}`,
  visitorId: `v-${id}`,
  name: `Name ${id}`,
  email: `${id}@example.com`,
  lang: "en",
  startsAt,
  endsAt: startsAt + 30 * MIN,
  status: "booked",
  callId: `call-${id}`,
  agentUrl: `/call/call-${id}?t=token-${id}`,
  createdAt: NOW - 60 * MIN,
  cancelledAt: null,
  ...extra,
});
const frame = (change: "booked" | "cancelled", a: Appointment): AppointmentFrame => ({ type: "appointment", change, appointment: a });

describe("the appointment lists", () => {
  it("a booking arrives in the upcoming list at its place, soonest first", () => {
    const list = [appointment("a", NOW + 60 * MIN), appointment("c", NOW + 180 * MIN)];
    const next = applyToUpcoming(list, frame("booked", appointment("b", NOW + 120 * MIN)), NOW);
    expect(next.map((a) => a.id)).toEqual(["a", "b", "c"]);
  });

  it("the same booking heard twice is listed once, and a rescheduled one moves to its new time keeping its agent link", () => {
    const list = [appointment("a", NOW + 60 * MIN), appointment("b", NOW + 120 * MIN)];
    const again = applyToUpcoming(list, frame("booked", appointment("a", NOW + 60 * MIN)), NOW);
    expect(again.map((a) => a.id)).toEqual(["a", "b"]);
    const { agentUrl: _, ...moved } = appointment("a", NOW + 240 * MIN);
    const next = applyToUpcoming(list, frame("booked", moved), NOW);
    expect(next.map((a) => a.id)).toEqual(["b", "a"]);
    expect(next[1]!.agentUrl).toBe("/call/call-a?t=token-a");
  });

  it("a cancelled appointment leaves the upcoming list and comes into the past one at its place, latest start first, keeping its agent link", () => {
    const a = appointment("a", NOW + 60 * MIN);
    const { agentUrl: _, ...cancelled } = { ...a, status: "cancelled" as const, cancelledAt: NOW };
    expect(applyToUpcoming([a], frame("cancelled", cancelled), NOW)).toEqual([]);
    const past = [appointment("p1", NOW - 60 * MIN), appointment("p2", NOW - 120 * MIN)];
    const next = applyToPast(past, frame("cancelled", cancelled), NOW, false);
    expect(next.map((x) => [x.id, x.status])).toEqual([["a", "cancelled"], ["p1", "booked"], ["p2", "booked"]]);
    // Heard again (the API's answer, then the lobby's frame): listed once.
    expect(applyToPast(next, frame("cancelled", cancelled), NOW, false).map((x) => x.id)).toEqual(["a", "p1", "p2"]);
    expect(applyToPast([{ ...a, status: "cancelled" }], frame("cancelled", cancelled), NOW, true)[0]!.agentUrl).toBe(a.agentUrl);
  });

  it("an appointment cancelled below the past pages read waits for its page, unless every page is read; booked again, it leaves the past list", () => {
    const past = [appointment("p1", NOW - 60 * MIN)];
    const old = { ...appointment("old", NOW - 600 * MIN), status: "cancelled" as const };
    expect(applyToPast(past, frame("cancelled", old), NOW, false).map((x) => x.id)).toEqual(["p1"]);
    expect(applyToPast(past, frame("cancelled", old), NOW, true).map((x) => x.id)).toEqual(["p1", "old"]);
    const rebooked = appointment("p1", NOW + 60 * MIN);
    expect(applyToPast(past, frame("booked", rebooked), NOW, true)).toEqual([]);
  });

  it("an appointment still under way stays upcoming; once ended it comes among the past at its place", () => {
    const running = appointment("a", NOW - 10 * MIN);
    const ended = appointment("b", NOW - 60 * MIN);
    expect(isUpcoming(running, NOW)).toBe(true);
    expect(isUpcoming(ended, NOW)).toBe(false);
    const older = appointment("old", NOW - 24 * 60 * MIN);
    expect(withEnded([ended, running], [older], NOW).map((x) => x.id)).toEqual(["b", "old"]);
  });

  it("« Join » opens a few minutes before the start and closes at the end; never for a cancelled one", () => {
    const a = appointment("a", NOW + JOIN_EARLY_MS + MIN);
    expect(canJoin(a, NOW)).toBe(false);
    expect(canJoin(a, NOW + MIN)).toBe(true);
    expect(canJoin(a, a.endsAt - 1)).toBe(true);
    expect(canJoin(a, a.endsAt)).toBe(false);
    expect(canJoin({ ...a, status: "cancelled" }, NOW + 2 * MIN)).toBe(false);
  });
});

describe("who is alerted of an appointment", () => {
  const base = { online: true, userId: "u1", agentIds: [] as string[], requestSound: true };
  it("a booking rings for an online agent when every agent takes appointments, and a cancellation only notifies", () => {
    expect(appointmentAlertFor(frame("booked", appointment("a", NOW)), base)).toEqual({ sound: true });
    expect(appointmentAlertFor(frame("cancelled", appointment("a", NOW)), base)).toEqual({ sound: false });
  });

  it("an agent who is away, or not among the interface's appointment agents, is not alerted; one whose request sound is off is notified silently", () => {
    const booked = frame("booked", appointment("a", NOW));
    expect(appointmentAlertFor(booked, { ...base, online: false })).toBeNull();
    expect(appointmentAlertFor(booked, { ...base, agentIds: ["u2"] })).toBeNull();
    expect(appointmentAlertFor(booked, { ...base, agentIds: ["u2", "u1"] })).toEqual({ sound: true });
    expect(appointmentAlertFor(booked, { ...base, requestSound: false })).toEqual({ sound: false });
  });

  it("the agent who cancelled an appointment is not alerted of their own cancellation; their colleagues are", () => {
    const cancelled = { ...frame("cancelled", appointment("a", NOW)), byUserId: "u1" };
    expect(appointmentAlertFor(cancelled, base)).toBeNull();
    expect(appointmentAlertFor(cancelled, { ...base, userId: "u2" })).toEqual({ sound: false });
  });
});

describe("the appointment settings form", () => {
  const defaults = AppointmentSettingsSchema.parse({});

  it("a week that closes at midnight is typed as 00:00 and saved as 24:00, with the numbers as numbers", () => {
    const form = appointmentFormFrom({ ...defaults, enabled: true, days: { ...defaults.days, mon: [{ open: "09:00", close: "24:00" }] } });
    expect(form.days.mon).toEqual([{ open: "09:00", close: "00:00" }]);
    form.numbers.slotMinutes = "45";
    const checked = checkAppointmentForm(form);
    expect(checked.settings?.days.mon).toEqual([{ open: "09:00", close: "24:00" }]);
    expect(checked.settings?.slotMinutes).toBe(45);
    expect(AppointmentSettingsSchema.safeParse(checked.settings).success).toBe(true);
  });

  it("an empty time zone is kept (the workspace's), an unknown one is refused", () => {
    const form = appointmentFormFrom(defaults);
    expect(checkAppointmentForm(form).settings?.timeZone).toBe("");
    expect(checkAppointmentForm({ ...form, timeZone: "Mars/Olympus" })).toMatchObject({ settings: null, timeZoneInvalid: true });
  });

  it("the form's bounds for each number are the API schema's: the lowest and highest pass there, one beyond does not", () => {
    for (const field of NUMBER_FIELDS) {
      const { min, max } = NUMBER_BOUNDS[field];
      const accepts = (n: number) => AppointmentSettingsSchema.shape[field].safeParse(n).success;
      expect([accepts(min), accepts(max), accepts(min - 1), accepts(max + 1)], field).toEqual([true, true, false, false]);
    }
  });

  it("numbers outside the API's bounds or half typed are shown on their field, and nothing is saved", () => {
    const form = appointmentFormFrom(defaults);
    form.numbers.slotMinutes = "5";
    form.numbers.daysAhead = "";
    form.numbers.bufferMinutes = "2.5";
    const checked = checkAppointmentForm(form);
    expect(checked.settings).toBeNull();
    expect(checked.numberProblems).toEqual({ slotMinutes: true, daysAhead: true, bufferMinutes: true });
  });

  it("overlapping ranges on a day are shown on the range, as the business hours' editor does", () => {
    const form = appointmentFormFrom(defaults);
    form.days.tue = [
      { open: "09:00", close: "12:00" },
      { open: "11:00", close: "13:00" },
    ];
    const checked = checkAppointmentForm(form);
    expect(checked.settings).toBeNull();
    expect(Object.values(checked.problems)).toContain("overlap");
  });
});

describe("the Appointments pages' texts", () => {
  it("French and English have the same keys and the same placeholders", () => {
    expect(Object.keys(appointmentFr).sort()).toEqual(Object.keys(appointmentEn).sort());
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(appointmentEn)) expect(placeholders(appointmentFr[key as keyof typeof appointmentFr]), key).toEqual(placeholders(text));
  });
});
