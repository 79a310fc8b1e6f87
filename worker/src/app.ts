// Assembles the Hono app: shared middleware, one router per resource, one error handler.
import { OpenAPIHono } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import { bodyLimit } from "hono/body-limit";
import type { AppBindings } from "./env";
import { ApiError } from "./lib/errors";
import { requireSameOrigin } from "./lib/origin";
import { apiHeaders, securityHeaders } from "./lib/securityHeaders";
import appointments from "./routes/appointments";
import auth from "./routes/auth";
import calls from "./routes/calls";
import devOutbox from "./routes/devOutbox";
import health from "./routes/health";
import me from "./routes/me";
import metrics from "./routes/metrics";
import offline from "./routes/offline";
import pages from "./routes/pages";
import setup from "./routes/setup";
import users from "./routes/users";
import contacts from "./routes/contacts";
import contactErasure from "./routes/contactErasure";
import contactsExport from "./routes/contactsExport";
import conversations from "./routes/conversations";
import files from "./routes/files";
import integrations from "./routes/integrations";
import interfaces from "./routes/interfaces";
import realtime from "./routes/realtime";
import savedReplies from "./routes/savedReplies";
import replyPage from "./routes/replyPage";
import appointmentPage from "./routes/appointmentPage";
import visitors from "./routes/visitors";
import webhooks from "./routes/webhooks";
import widget from "./routes/widget";
import widgetAppointments from "./routes/widgetAppointments";
import widgetOffline from "./routes/widgetOffline";
import workspace from "./routes/workspace";
import { MAX_ATTACHMENT_BYTES } from "@raibu/protocol/limits";

/** JSON bodies of the API are small; uploads get their own limit. */
const JSON_BODY_LIMIT = 64 * 1024;
/** A 10 MB file plus its multipart envelope. */
const UPLOAD_BODY_LIMIT = MAX_ATTACHMENT_BYTES + 64 * 1024;

const isUpload = (path: string) => path.endsWith("/attachments");

export function createApp() {
  const app = new OpenAPIHono<AppBindings>();

  app.use("*", securityHeaders);
  app.use("/api/*", async (c, next) => {
    await next();
    apiHeaders(c);
  });
  const jsonLimit = bodyLimit({
    maxSize: JSON_BODY_LIMIT,
    onError: () => {
      throw new ApiError(413, "payload_too_large", `Request bodies are limited to ${JSON_BODY_LIMIT / 1024} KB.`);
    },
  });
  const uploadLimit = bodyLimit({
    maxSize: UPLOAD_BODY_LIMIT,
    onError: () => {
      throw new ApiError(413, "payload_too_large", "Files are limited to 10 MB.");
    },
  });
  app.use("/api/*", (c, next) => (isUpload(c.req.path) ? uploadLimit(c, next) : jsonLimit(c, next)));
  app.use("/api/*", requireSameOrigin);

  // appointments before interfaces: its settings' GET is for every agent (routes/appointments.ts).
  // contactsExport before any /api/contacts/:id route, which would take "export.csv" for an id.
  for (const router of [health, auth, me, users, devOutbox, setup, widget, widgetOffline, widgetAppointments, contactsExport, conversations, appointments, interfaces, visitors, savedReplies, workspace, offline, contacts, contactErasure, integrations, webhooks, metrics]) app.route("/", router);
  app.route("/", files);
  app.route("/", realtime);
  app.route("/", calls);
  app.route("/", pages);
  app.route("/", replyPage);
  app.route("/", appointmentPage);

  app.openAPIRegistry.registerComponent("securitySchemes", "cookieAuth", {
    type: "apiKey",
    in: "cookie",
    name: "__Host-raibu_session",
    description: "`__Host-raibu_session` over https; `raibu_session` on a local http run.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "visitorToken", { type: "http", scheme: "bearer" });
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
    if (err instanceof ApiError) {
      // A wait the error knows is also said the standard way, for clients that read headers.
      const wait = err.facts.retryAfterMs;
      if (typeof wait === "number") c.header("Retry-After", String(Math.max(1, Math.ceil(wait / 1000))));
      return c.json({ error: err.body() }, err.status);
    }
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
