// Date separators in a conversation's timeline, for the console and the widget: where the day
// changes (in the reader's time zone) and how that day reads ("Today", "Yesterday", "Monday",
// "3 November"), in the reader's language through Intl, so no dictionary needs the words.

const DAY_MS = 86_400_000;

/** Midnight that starts `ms`'s day, in the reader's time zone. */
function startOfDay(ms: number): number {
  const date = new Date(ms);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** Whole calendar days from `ms`'s day to `now`'s (0 today, 1 yesterday); DST days count as one. */
function daysAgo(ms: number, now: number): number {
  return Math.round((startOfDay(now) - startOfDay(ms)) / DAY_MS);
}

/**
 * Whether a separator goes before item `index`: where its day differs from the previous item's,
 * and before the first item unless it is from today (a conversation held today needs none).
 */
export function startsDay(times: readonly number[], index: number, now: number): boolean {
  const at = times[index];
  if (at === undefined) return false;
  if (index === 0) return daysAgo(at, now) !== 0;
  const before = times[index - 1];
  return before === undefined || startOfDay(before) !== startOfDay(at);
}

/** "Today", "Yesterday", a weekday within the week, else the date (with the year when it is not this one). */
export function dayLabel(ms: number, now: number, lang: string): string {
  const ago = daysAgo(ms, now);
  if (ago === 0 || ago === 1) return capitalise(new Intl.RelativeTimeFormat(lang, { numeric: "auto" }).format(-ago, "day"), lang);
  if (ago > 1 && ago < 7) return capitalise(new Intl.DateTimeFormat(lang, { weekday: "long" }).format(ms), lang);
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(lang, { day: "numeric", month: "long", ...(sameYear ? {} : { year: "numeric" }) }).format(ms);
}

function capitalise(text: string, lang: string): string {
  return text.charAt(0).toLocaleUpperCase(lang) + text.slice(1);
}
