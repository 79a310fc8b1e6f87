// Serves attachments from R2 through short-lived signed links.
import { Hono } from "hono";
import { getDb } from "../db/client";
import { findInterface } from "../db/interfaces";
import type { AppBindings } from "../env";
import { notFound, unauthorized } from "../lib/errors";
import { peekClaim, verifyToken } from "../lib/signedTokens";

const files = new Hono<AppBindings>();

files.get("/api/files/:key{.+}", async (c) => {
  const key = decodeURIComponent(c.req.param("key"));
  const token = c.req.query("t") ?? "";
  const interfaceId = peekClaim(token, "i");
  const iface = interfaceId ? await findInterface(getDb(c.env.DB), interfaceId) : null;
  const claims = iface ? await verifyToken(iface.signingKey, token, "file") : null;
  if (!iface || !claims || claims.key !== key || !key.startsWith(`${iface.workspaceId}/`)) {
    throw unauthorized("This file link is invalid or has expired.");
  }
  const object = await c.env.ATTACHMENTS.get(key);
  if (!object) throw notFound("File");
  const type = object.httpMetadata?.contentType ?? "application/octet-stream";
  const name = object.customMetadata?.name ?? "file";
  const headers = new Headers({
    "Content-Type": type,
    "Content-Length": String(object.size),
    "Content-Disposition": `${type.startsWith("image/") ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(name)}`,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, max-age=3600",
  });
  return new Response(object.body, { headers });
});

export default files;
