// Security headers for the pages the Worker serves itself.
import type { Context } from "hono";

/** The console: only our own scripts, styles and sockets, and never inside a frame. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export function withConsoleHeaders(response: Response): Response {
  const res = new Response(response.body, response);
  res.headers.set("Content-Security-Policy", CONSOLE_CSP);
  res.headers.set("X-Frame-Options", "DENY");
  res.headers.set("X-Content-Type-Options", "nosniff");
  res.headers.set("Referrer-Policy", "same-origin");
  return res;
}

/** The widget app: like the console, but framed by the interface's allowed sites only. */
export function widgetHeaders(response: Response, allowedOrigins: readonly string[] | null): Response {
  const res = new Response(response.body, response);
  // 'self': the console shows the widget in its live preview. No interface: no frame at all.
  const ancestors = allowedOrigins ? ["'self'", ...allowedOrigins].join(" ") : "'none'";
  res.headers.set("Content-Security-Policy", CONSOLE_CSP.replace("frame-ancestors 'none'", `frame-ancestors ${ancestors}`));
  res.headers.set("X-Content-Type-Options", "nosniff");
  res.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  res.headers.set("Cache-Control", "no-cache");
  return res;
}

export function apiHeaders(c: Context) {
  c.header("X-Content-Type-Options", "nosniff");
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "same-origin");
}
