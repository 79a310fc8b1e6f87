// The free appointment slots of an interface: its weekly hours cut into slots in the team's time
// zone, minus what is too soon, too far ahead or taken. Pure (settings, bookings and now in, slots
// out); the wall-clock arithmetic is protocol/businessHours.ts's, so clock changes are the runtime's.
import type { AppointmentSettings } from "@raibu/protocol/appointments";
import { minutesOf, wallClock, WEEKDAYS, zonedInstant } from "@raibu/protocol/businessHours";

const MINUTE = 60_000;
const DAY_MS = 86_400_000;

export interface Slot {
  startsAt: number;
  endsAt: number;
}

export interface SlotQuery {
  settings: AppointmentSettings;
  /** The zone the weekly hours are read in (the settings' own, else the workspace's). */
  timeZone: string;
  /** Booked appointments that may be near the range; each blocks itself and the buffer after it. */
  booked: readonly Slot[];
  now: number;
  /** Slots that start at or after `from` and end at or before `to` (epoch ms). */
  from: number;
  to: number;
}

/**
 * The free slots, soonest first. A day's ranges are cut from their opening into slots of
 * `slotMinutes` with `bufferMinutes` between them; a slot must end by its range's close, start
 * at least `minNoticeMinutes` from now, and fall on one of the `daysAhead` local days counted from
 * today (today is the first). On a clock-change day a slot whose start does not exist (the hour
 * skipped in spring) is left out, and the hour that happens twice in autumn is offered once (its
 * first time round).
 */
export function freeSlots(query: SlotQuery): Slot[] {
  const { settings, timeZone, now } = query;
  const slotMs = settings.slotMinutes * MINUTE;
  const bufferMs = settings.bufferMinutes * MINUTE;
  const earliest = Math.max(query.from, now + settings.minNoticeMinutes * MINUTE);
  const today = wallClock(now, timeZone);
  const slots: Slot[] = [];
  for (let ahead = 0; ahead < settings.daysAhead; ahead++) {
    // Calendar arithmetic on the local date, done in UTC where every day has 24 hours.
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + ahead));
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    const dayStart = zonedInstant(y, m, d, 0, timeZone);
    if (dayStart > query.to) break;
    const dayEnd = zonedInstant(y, m, d + 1, 0, timeZone);
    if (dayEnd <= earliest) continue;
    const at = localClock(y, m, d, timeZone, dayStart, dayEnd);
    for (const range of settings.days[WEEKDAYS[(date.getUTCDay() + 6) % 7]!]) {
      const [open, close] = [minutesOf(range.open), minutesOf(range.close)];
      if (close <= open) continue;
      const closesAt = zonedInstant(y, m, d, close, timeZone);
      for (let minute = open; minute + settings.slotMinutes <= close; minute += settings.slotMinutes + settings.bufferMinutes) {
        const startsAt = at(minute);
        if (startsAt === null) continue;
        const slot = { startsAt, endsAt: startsAt + slotMs };
        if (slot.endsAt > closesAt || startsAt < earliest || slot.endsAt > query.to) continue;
        if (query.booked.some((b) => startsAt < b.endsAt + bufferMs && b.startsAt < slot.endsAt + bufferMs)) continue;
        slots.push(slot);
      }
    }
  }
  return slots.sort((a, b) => a.startsAt - b.startsAt);
}

/** Whether `startsAt` is one of the free slots now (what a booking must be). */
export function offersSlot(query: Omit<SlotQuery, "from" | "to">, startsAt: number): Slot | null {
  const slotMs = query.settings.slotMinutes * MINUTE;
  return freeSlots({ ...query, from: startsAt, to: startsAt + slotMs }).find((s) => s.startsAt === startsAt) ?? null;
}

/**
 * The instant the local clock reads `minute` on the date, or null when it never does (the hour
 * the clocks skip). A day of 24 hours has no change: its minutes are a plain offset from midnight;
 * only a clock-change day pays for reading each slot back.
 */
function localClock(y: number, m: number, d: number, timeZone: string, dayStart: number, dayEnd: number): (minute: number) => number | null {
  if (dayEnd - dayStart === DAY_MS) return (minute) => dayStart + minute * MINUTE;
  return (minute) => {
    const instant = zonedInstant(y, m, d, minute, timeZone);
    const read = wallClock(instant, timeZone);
    return read.year === y && read.month === m && read.day === d && read.minutes === minute ? instant : null;
  };
}
