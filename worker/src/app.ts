// Assembles the Hono app: shared middleware, one router per resource, one error handler.
import { OpenAPIHono } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import { bodyLimit } from "hono/body-limit";
import type { AppBindings } from "./env";
import { ApiError } from "./lib/errors";
import { requireSameOrigin } from "./lib/origin";
import { apiHeaders } from "./lib/securityHeaders";
import auth from "./routes/auth";
import devOutbox from "./routes/devOutbox";
import health from "./routes/health";
import me from "./routes/me";
import pages from "./routes/pages";
import setup from "./routes/setup";
import users from "./routes/users";

/** JSON bodies of the API are small; uploads get their own limit on their own route. */
const JSON_BODY_LIMIT = 64 * 1024;

export function createApp() {
  const app = new OpenAPIHono<AppBindings>();

  app.use("/api/*", async (c, next) => {
    await next();
    apiHeaders(c);
  });
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: JSON_BODY_LIMIT,
      onError: () => {
        throw new ApiError(413, "payload_too_large", `Request bodies are limited to ${JSON_BODY_LIMIT / 1024} KB.`);
      },
    }),
  );
  app.use("/api/*", requireSameOrigin);

  for (const router of [health, auth, me, users, devOutbox, setup]) app.route("/", router);
  app.route("/", pages);

  app.openAPIRegistry.registerComponent("securitySchemes", "cookieAuth", { type: "apiKey", in: "cookie", name: "raibu_session" });
  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Raibu API",
      version: "1.0.0",
      description: "The agent API of Raibu. Errors always have the shape { error: { code, message } }.",
    },
  });

  app.notFound((c) => c.json({ error: { code: "not_found", message: "No such endpoint." } }, 404));

  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json({ error: { code: err.code, message: err.message } }, err.status);
    if (err instanceof HTTPException) {
      const status = err.status;
      const code = status === 400 ? "invalid_request" : status === 401 ? "unauthorized" : status === 413 ? "payload_too_large" : "http_error";
      return c.json({ error: { code, message: err.message || "Request failed." } }, status);
    }
    console.error("unhandled error", err);
    return c.json({ error: { code: "internal", message: "Something went wrong on our side." } }, 500);
  });

  return app;
}
