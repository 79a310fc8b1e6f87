// "Now", "3 minutes ago", "Yesterday": how long ago something happened, in the agent's language
// through Intl, recomputed by the caller as its clock ticks.

const STEPS: Array<[unit: Intl.RelativeTimeFormatUnit, seconds: number, below: number]> = [
  ["minute", 60, 45 * 60],
  ["hour", 3600, 22 * 3600],
  ["day", 86_400, 7 * 86_400],
  ["week", 7 * 86_400, 30 * 86_400],
];

/** Under 45 seconds (or in the future, a clock skew) it is "Now"; after a month, the date. */
export function relativeTime(at: number, now: number, lang: string): string {
  const seconds = Math.max(0, (now - at) / 1000);
  const format = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  if (seconds < 45) return capitalise(format.format(0, "second"), lang);
  const step = STEPS.find(([, , below]) => seconds < below);
  if (!step) return new Intl.DateTimeFormat(lang, { dateStyle: "medium" }).format(at);
  const [unit, size] = step;
  return capitalise(format.format(-Math.max(1, Math.round(seconds / size)), unit), lang);
}

function capitalise(text: string, lang: string): string {
  return text.charAt(0).toLocaleUpperCase(lang) + text.slice(1);
}
