// The chat interface form as data: allowed origins checked as the API checks them, the
// accent colour, business hours as the editor shows them, and what the admin copies to their
// website (the snippet, the identity hash).
import { hoursProblems, isTimeZone, TimeOfDaySchema, WEEKDAYS, type BusinessHours, type HoursProblemCode, type OpenRange, type Weekday, type WeekHours } from "@raibu/protocol/businessHours";
import type { Lang } from "@raibu/protocol/lang";
import { isEverywhereWildcard, ORIGIN_PATTERN } from "@raibu/protocol/originPattern";
import type { ChatInterfaceDetail, InterfaceAppearance } from "./api";

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

/**
 * What is wrong with an origin row. `too_broad` is found here for wildcards over everything or a
 * top-level domain; the API also refuses public suffixes (`*.co.uk`) and answers which one.
 */
export type OriginProblem = "invalid" | "duplicate" | "too_broad";

export function isOriginPattern(value: string): boolean {
  return ORIGIN_PATTERN.test(value.trim());
}

export function isHexColor(value: string): boolean {
  return HEX_COLOR.test(value.trim());
}

/**
 * The origins to save (trimmed, blank rows dropped) and what is wrong with the others, by row
 * index. A trailing slash or a path is a common paste from the address bar: it is an error too,
 * since the browser's Origin never has one.
 */
export function checkOrigins(rows: readonly string[]): { origins: string[]; problems: Record<number, OriginProblem> } {
  const origins: string[] = [];
  const problems: Record<number, OriginProblem> = {};
  rows.forEach((row, index) => {
    const value = row.trim();
    if (!value) return;
    if (isEverywhereWildcard(value)) problems[index] = "too_broad";
    else if (!isOriginPattern(value)) problems[index] = "invalid";
    else if (origins.some((origin) => origin.toLowerCase() === value.toLowerCase())) problems[index] = "duplicate";
    else origins.push(value);
  });
  return { origins, problems };
}

export const DEFAULT_APPEARANCE: InterfaceAppearance = {
  color: "#2563eb",
  title: "",
  welcome: "",
  launcherLabel: "",
  position: "right",
  showAgentAvatar: true,
};

export function sameAppearance(a: InterfaceAppearance, b: InterfaceAppearance): boolean {
  return (Object.keys(DEFAULT_APPEARANCE) as (keyof InterfaceAppearance)[]).every((key) => a[key] === b[key]);
}

export interface InterfaceFormData {
  name: string;
  language: Lang;
  origins: string[];
  appearance: InterfaceAppearance;
}

export function interfaceFormFrom(detail: ChatInterfaceDetail | null): InterfaceFormData {
  return {
    name: detail?.name ?? "",
    language: detail?.language ?? "en",
    origins: [...(detail?.allowedOrigins ?? [])],
    appearance: { ...DEFAULT_APPEARANCE, ...detail?.settings.appearance },
  };
}

/** What a website adds to show the widget: the call-queueing stub and the async loader. */
export { embedSnippet } from "@raibu/protocol/embed";

/** How a website's backend signs its signed-in user (an identity token, JWT HS256), and hands it to the widget. */
export function identityExample(): string {
  return [
    "// On your server (Node.js, with the jsonwebtoken package): never send the secret to the browser.",
    'import jwt from "jsonwebtoken";',
    "const token = jwt.sign({ sub: user.id, email: user.email, name: user.name }, process.env.RAIBU_IDENTITY_SECRET, {",
    '  algorithm: "HS256",',
    '  expiresIn: "1h",',
    "});",
    "",
    "// In your page, after the snippet (or data-identity-token on the snippet):",
    "window.Raibu.identify({ token });",
  ].join("\n");
}

// ---- Business hours ----

/**
 * The hours as the editor shows them: time inputs cannot say 24:00, so a range that closes at
 * midnight reads (and is typed) as closing at 00:00.
 */
export interface HoursForm {
  enabled: boolean;
  timeZone: string;
  days: WeekHours;
}

/** `missing_time`: a time input left empty or half typed. */
export type HoursRangeProblem = HoursProblemCode | "missing_time";
/** Problems by `${day}:${index}` of the range. */
export type HoursProblems = Record<string, HoursRangeProblem>;

export const rangeKey = (day: Weekday, index: number) => `${day}:${index}`;

export function hoursFormFrom(hours: BusinessHours, timeZone: string): HoursForm {
  const shown = (r: OpenRange): OpenRange => ({ open: r.open, close: r.close === "24:00" ? "00:00" : r.close });
  return { enabled: hours.enabled, timeZone, days: Object.fromEntries(WEEKDAYS.map((day) => [day, hours.days[day].map(shown)])) as WeekHours };
}

/**
 * The hours to save and what is wrong with the form: a missing time, a range that closes before it
 * opens or overlaps another (the API's own check), an unknown time zone. `hours` is null while any is wrong.
 */
export function checkHours(form: HoursForm): { hours: BusinessHours | null; problems: HoursProblems; timeZoneInvalid: boolean } {
  const problems: HoursProblems = {};
  const days = {} as WeekHours;
  for (const day of WEEKDAYS) {
    days[day] = form.days[day].map((r, index) => {
      if (!TimeOfDaySchema.safeParse(r.open).success || !TimeOfDaySchema.safeParse(r.close).success) problems[rangeKey(day, index)] = "missing_time";
      return { open: r.open, close: r.close === "00:00" ? "24:00" : r.close };
    });
  }
  const typed = Object.fromEntries(WEEKDAYS.map((day) => [day, days[day].filter((_, index) => !problems[rangeKey(day, index)])])) as WeekHours;
  for (const problem of hoursProblems(typed)) {
    // Indexes among the typed ranges: map them back to the rows on screen.
    const rows = days[problem.day].map((_, index) => index).filter((index) => !problems[rangeKey(problem.day, index)]);
    problems[rangeKey(problem.day, rows[problem.index]!)] ??= problem.code;
  }
  const timeZoneInvalid = !isTimeZone(form.timeZone.trim());
  const ok = Object.keys(problems).length === 0 && !timeZoneInvalid;
  return { hours: ok ? { enabled: form.enabled, days } : null, problems, timeZoneInvalid };
}

/** A new range for a day: after the day's last one, else 9 to 17. */
export function nextRange(ranges: readonly OpenRange[]): OpenRange {
  const last = ranges[ranges.length - 1];
  if (!last || !TimeOfDaySchema.safeParse(last.close).success || last.close === "00:00") return { open: "09:00", close: "17:00" };
  const [h, m] = last.close.split(":").map(Number);
  const open = Math.min(h! * 60 + m! + 60, 22 * 60);
  const time = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
  return { open: time(open), close: time(Math.min(open + 4 * 60, 23 * 60 + 59)) };
}

/** Every IANA zone the browser knows, for the time zone field's suggestions. */
export function knownTimeZones(): string[] {
  return typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
}
