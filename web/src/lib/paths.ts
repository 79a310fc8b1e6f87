// Console addresses: the /app base the router runs under, and where sign-in returns to.
export const BASE = "/app";

/** The sign-in page, remembering where the agent was so they come back to it. */
export function loginUrl(next = window.location.pathname + window.location.search): string {
  return `${BASE}/login?next=${encodeURIComponent(next)}`;
}

/** Only paths inside the console are followed after sign-in: never another site, never a sign-in page again. */
export function safeNext(next: string | undefined | null): string {
  if (!next || next.includes("\\") || !/^\/app(\/|$)/.test(next) || /^\/app\/(login|reset|invite)(\/|\?|#|$)/.test(next)) return `${BASE}/`;
  return next;
}

/** A full console path as the router (mounted at BASE) names it. */
export function toRoute(path: string): string {
  return path.startsWith(BASE) ? path.slice(BASE.length) || "/" : path;
}
