// A call's clock, pure: when it starts (both members there for the first time), when a call left
// empty is over, and how long it lasted. The call object gathers who is there and applies the result.
import type { CallRole } from "@raibu/protocol/calls";

/** A started call nobody has been in for this long is over (its duration ends when the last one left). */
export const CALL_ABANDONED_AFTER_MS = 10 * 60 * 1000;

export interface CallClock {
  startedAt: number | null;
  endedAt: number | null;
  endedBy: CallRole | null;
  durationMs: number | null;
  /** When the last member left a started call; null while someone is there. */
  emptySince: number | null;
  lastLeft: CallRole | null;
}

export const NEW_CLOCK: CallClock = { startedAt: null, endedAt: null, endedBy: null, durationMs: null, emptySince: null, lastLeft: null };

/** A member joined; `peerPresent`: the other is there too. The call starts the first time both are. */
export function joined(clock: CallClock, peerPresent: boolean, now: number): CallClock {
  return { ...clock, emptySince: null, startedAt: clock.startedAt ?? (peerPresent ? now : null) };
}

/**
 * A member's last page left; `peerPresent`: the other is still there. Only a started call left
 * empty starts waiting to end (a first member who leaves before the other came ends nothing).
 */
export function left(clock: CallClock, role: CallRole, peerPresent: boolean, now: number): CallClock {
  if (clock.endedAt !== null || clock.startedAt === null || peerPresent) return clock;
  return { ...clock, emptySince: now, lastLeft: role };
}

/** When the call ends by itself unless someone comes back; null when it is not waiting to. */
export function abandonAt(clock: CallClock): number | null {
  return clock.endedAt === null && clock.emptySince !== null ? clock.emptySince + CALL_ABANDONED_AFTER_MS : null;
}

/** Over at `at` (a hang-up now, or when the last one left): the duration from the start, 0 when it never started. */
export function ended(clock: CallClock, by: CallRole, at: number): CallClock {
  if (clock.endedAt !== null) return clock;
  const durationMs = clock.startedAt === null ? 0 : Math.max(0, at - clock.startedAt);
  return { ...clock, endedAt: at, endedBy: by, durationMs, emptySince: null };
}

/** At the alarm: the clock after the wait, ended as of the last one's leaving if nobody came back in time. */
export function afterWait(clock: CallClock, now: number): CallClock {
  const due = abandonAt(clock);
  return due !== null && due <= now ? ended(clock, clock.lastLeft ?? "visitor", clock.emptySince!) : clock;
}
