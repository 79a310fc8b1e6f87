// Cross-site request forgery guard: a state-changing request must come from our own origin, which is
// APP_ORIGIN (or, unset, the origin the request came to), or the Pages project that hosts the
// console and forwards to this Worker (PAGES_ORIGIN, its preview URLs only with PAGES_PREVIEWS).
import { createMiddleware } from "hono/factory";
import type { AppBindings, Env } from "../env";
import { forbidden } from "./errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

type OriginEnv = Pick<Env, "APP_ORIGIN" | "PAGES_ORIGIN" | "PAGES_PREVIEWS">;

export function appOrigin(env: Pick<Env, "APP_ORIGIN">, requestUrl: string): string {
  return env.APP_ORIGIN || new URL(requestUrl).origin;
}

/** PAGES_ORIGIN: the Pages project's production origins (its pages.dev one, its custom domains). */
function pagesOrigins(env: OriginEnv): string[] {
  return (env.PAGES_ORIGIN ?? "").split(/[\s,]+/).filter(Boolean);
}

/** A preview's label: a deployment's hash or a branch alias, one DNS label. */
const PREVIEW_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** `https://<label>.<project>.pages.dev` for a `https://<project>.pages.dev` in PAGES_ORIGIN. */
function isPagesPreview(env: OriginEnv, origin: string): boolean {
  return pagesOrigins(env).some((production) => {
    const match = /^https:\/\/([a-z0-9-]+\.pages\.dev)$/.exec(production);
    if (!match || !origin.startsWith("https://") || !origin.endsWith(`.${match[1]}`)) return false;
    return PREVIEW_LABEL.test(origin.slice("https://".length, -match[1]!.length - 1));
  });
}

/**
 * Whether a browser request whose Origin header is `origin` comes from one of our own pages. A Pages
 * origin counts only for a request made to it (the page and the request share the origin: it came
 * through the Pages project's service binding), and a preview only when the admin allows previews.
 */
export function isOwnOrigin(env: OriginEnv, requestUrl: string, origin: string | undefined): boolean {
  if (!origin) return false;
  const preview = isPagesPreview(env, origin);
  if (preview && env.PAGES_PREVIEWS !== "true") return false;
  if (origin === appOrigin(env, requestUrl)) return true;
  return origin === new URL(requestUrl).origin && (preview || pagesOrigins(env).includes(origin));
}

export const requireSameOrigin = createMiddleware<AppBindings>(async (c, next) => {
  if (!SAFE_METHODS.has(c.req.method) && !isOwnOrigin(c.env, c.req.url, c.req.header("Origin"))) {
    throw forbidden("This request must come from the Raibu console.", "bad_origin");
  }
  await next();
});
