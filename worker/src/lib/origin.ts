// Cross-site request forgery guard: a state-changing request must come from our own origin.
import { createMiddleware } from "hono/factory";
import type { AppBindings, Env } from "../env";
import { forbidden } from "./errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function appOrigin(env: Pick<Env, "APP_ORIGIN">, requestUrl: string): string {
  return env.APP_ORIGIN || new URL(requestUrl).origin;
}

export const requireSameOrigin = createMiddleware<AppBindings>(async (c, next) => {
  if (!SAFE_METHODS.has(c.req.method)) {
    const origin = c.req.header("Origin");
    if (!origin || origin !== appOrigin(c.env, c.req.url)) {
      throw forbidden("This request must come from the Raibu console.", "bad_origin");
    }
  }
  await next();
});
