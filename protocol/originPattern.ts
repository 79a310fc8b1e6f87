// The shape of a chat interface's allowed origins, shared by the API and the console (kept free
// of dependencies so the console stays small). The API also refuses wildcards over a public
// suffix such as `https://*.co.uk` (protocol/api.ts, with the Public Suffix List).

/** An exact origin, a port wildcard (`http://localhost:*`) or a subdomain wildcard (`https://*.acme.com`). */
export const ORIGIN_PATTERN = /^https?:\/\/(\*\.)?[A-Za-z0-9.-]+(:(\*|\d{1,5}))?$/;

/**
 * A wildcard that would let (nearly) every website embed the chat: `*`, `https://*`, `*.*`,
 * or a whole top-level domain such as `https://*.com`.
 */
export function isEverywhereWildcard(value: string): boolean {
  const text = value.trim().toLowerCase();
  if (!text.includes("*")) return false;
  const host = text.replace(/^[a-z*]*:\/\//, "").replace(/:(\*|\d*)$/, "");
  return host === "*" || host.startsWith("*.*") || /^\*\.?[^.]*\.?$/.test(host);
}
