// The chat interface form as data: allowed origins checked as the API checks them, the
// accent colour, and what the admin copies to their website (the snippet, the identity hash).
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
