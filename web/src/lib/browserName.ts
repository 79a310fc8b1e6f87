// "Chrome 150 on Linux" from a visitor's raw user-agent string, for the visitor panel. A few
// patterns cover the browsers visitors use; anything else keeps the raw string (see
// docs/decisions.md for why this is not a library).
import type { Translate } from "./i18n";

export type BrowserInfo = { browser: string; version: string; os: string };

// Order matters: Edge, Opera and Samsung Internet also say "Chrome", Chrome also says "Safari".
const BROWSERS: Array<[name: string, pattern: RegExp]> = [
  ["Edge", /\bEdg(?:e|A|iOS)?\/(\d+)/],
  ["Opera", /\b(?:OPR|Opera)\/(\d+)/],
  ["Samsung Internet", /\bSamsungBrowser\/(\d+)/],
  ["Firefox", /\b(?:Firefox|FxiOS)\/(\d+)/],
  ["Chrome", /\b(?:HeadlessChrome|Chrome|CriOS)\/(\d+)/],
  ["Safari", /\bVersion\/(\d+)(?:\.\d+)*(?: Mobile\/\w+)? Safari\//],
];

// Order matters: iOS and Android also say "like Mac OS X" and "Linux".
const SYSTEMS: Array<[name: string, pattern: RegExp]> = [
  ["iOS", /\b(?:iPhone|iPad|iPod)\b/],
  ["Android", /\bAndroid\b/],
  ["ChromeOS", /\bCrOS\b/],
  ["Windows", /\bWindows\b/],
  ["macOS", /\bMac OS X\b|\bMacintosh\b/],
  ["Linux", /\bLinux\b/],
];

/** The browser, its major version and the operating system, or null when the string says too little. */
export function parseUserAgent(userAgent: string): BrowserInfo | null {
  const browser = BROWSERS.map(([name, pattern]) => [name, pattern.exec(userAgent)?.[1]] as const).find(([, version]) => version);
  const os = SYSTEMS.find(([, pattern]) => pattern.test(userAgent))?.[0];
  if (!browser || !os) return null;
  return { browser: browser[0], version: browser[1]!, os };
}

/** "Chrome 150 on Linux" in the agent's language; the raw string when it cannot be read. */
export function browserName(userAgent: string, t: Translate): string {
  const info = parseUserAgent(userAgent);
  return info ? t("visitor.browserOn", { browser: `${info.browser} ${info.version}`, os: info.os }) : userAgent;
}
