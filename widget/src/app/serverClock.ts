// The server's clock as the widget can know it, for the countdown of a waiting request: its
// deadline is the server's time, which a visitor's clock set minutes off would misread.
// A server time the widget hears as it is made (a response's Date header, a message stored just
// now) is a moment the server had already reached, so each gives a lower bound of the offset
// between the clocks; the largest seen is the best one. An old message's time only gives a low
// bound, which the largest ignores.

/** Server time minus local time, in ms; -Infinity until the server was heard. */
let offset = -Infinity;

/** `at`: a server time (epoch ms) already reached when the widget heard it at local time `now`; NaN is ignored. */
export function heardServerTime(at: number, now = Date.now()) {
  if (at - now > offset) offset = at - now;
}

/** The server's time now, as best known (the local clock until the server was heard). */
export const serverNow = (local = Date.now()) => local + (offset > -Infinity ? offset : 0);

/** Forgets what was heard (tests). */
export function forgetServerTime() {
  offset = -Infinity;
}

/** The protocol's timestamps are epoch milliseconds; a value in seconds is tolerated. */
export const toMs = (time: number) => (time < 1e12 ? time * 1000 : time);

/**
 * What is left of a request's time at server time `now`, in ms (≤ 0 once it is up). Never more
 * than the whole timeout: a clock heard wrong (or not yet) cannot promise more than the step gives.
 */
export function timeLeft(deadline: number, requestedAt: number | null, now: number): number {
  const left = toMs(deadline) - now;
  return requestedAt === null ? left : Math.min(left, toMs(deadline) - toMs(requestedAt));
}
