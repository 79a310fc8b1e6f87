// Settings → Appointments as the form holds it, and its check before saving: the week through the
// business-hours editor's own check (lib/interfaceForm.ts), the numbers by the API schema's bounds
// (copied here, and tested equal: importing the schema would bring zod's rest into the first load).
import type { AppointmentSettings } from "@raibu/protocol/appointments";
import { checkHours, hoursFormFrom, type HoursProblems } from "../../lib/interfaceForm";
import type { WeekHours } from "@raibu/protocol/businessHours";

export const NUMBER_FIELDS = ["slotMinutes", "bufferMinutes", "daysAhead", "minNoticeMinutes"] as const;
export type NumberField = (typeof NUMBER_FIELDS)[number];

/** Whole numbers between these, as protocol/appointments.ts's AppointmentSettingsSchema says. */
export const NUMBER_BOUNDS: Record<NumberField, { min: number; max: number }> = {
  slotMinutes: { min: 10, max: 240 },
  bufferMinutes: { min: 0, max: 120 },
  daysAhead: { min: 1, max: 90 },
  minNoticeMinutes: { min: 0, max: 7 * 24 * 60 },
};

export interface AppointmentForm {
  enabled: boolean;
  /** Empty: the workspace's zone. */
  timeZone: string;
  days: WeekHours;
  /** As typed, so a half-typed number can be shown as wrong rather than lost. */
  numbers: Record<NumberField, string>;
  agentIds: string[];
}

export interface AppointmentFormCheck {
  settings: AppointmentSettings | null;
  problems: HoursProblems;
  timeZoneInvalid: boolean;
  numberProblems: Partial<Record<NumberField, true>>;
}

export function appointmentFormFrom(settings: AppointmentSettings): AppointmentForm {
  const shown = hoursFormFrom({ enabled: settings.enabled, days: settings.days }, settings.timeZone);
  return {
    enabled: settings.enabled,
    timeZone: settings.timeZone,
    days: shown.days,
    numbers: Object.fromEntries(NUMBER_FIELDS.map((field) => [field, String(settings[field])])) as Record<NumberField, string>,
    agentIds: [...settings.agentIds],
  };
}

/** What to save, or null with the problems shown where they are. */
export function checkAppointmentForm(form: AppointmentForm): AppointmentFormCheck {
  const zone = form.timeZone.trim();
  // An empty zone is allowed here (the workspace's); the hours' check wants one, so it checks UTC's place.
  const hours = checkHours({ enabled: form.enabled, timeZone: zone || "UTC", days: form.days });
  const numberProblems: Partial<Record<NumberField, true>> = {};
  const numbers = {} as Record<NumberField, number>;
  for (const field of NUMBER_FIELDS) {
    const typed = form.numbers[field].trim();
    const value = typed === "" ? Number.NaN : Number(typed);
    const { min, max } = NUMBER_BOUNDS[field];
    if (!Number.isInteger(value) || value < min || value > max) numberProblems[field] = true;
    numbers[field] = value;
  }
  const ok = hours.hours !== null && Object.keys(numberProblems).length === 0;
  return {
    settings: ok ? { enabled: form.enabled, timeZone: zone, days: hours.hours!.days, ...numbers, agentIds: [...form.agentIds] } : null,
    problems: hours.problems,
    timeZoneInvalid: hours.timeZoneInvalid,
    numberProblems,
  };
}
