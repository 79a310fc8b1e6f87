// Security headers. Every answer but a socket upgrade gets Hono's secure-headers set (HSTS,
// COOP, CORP, Permissions-Policy, nosniff …); the pages the Worker serves add their own CSP,
// whose frame-ancestors differ per interface, and those page-level choices win.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { secureHeaders } from "hono/secure-headers";

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

const baseHeaders = secureHeaders({
  // Set per page: DENY for the console; none for the widget, whose frame-ancestors decides.
  xFrameOptions: false,
  referrerPolicy: "same-origin",
  crossOriginOpenerPolicy: "same-origin",
  crossOriginResourcePolicy: "same-origin",
  // Calls need the camera and microphone on our own pages (and in the widget's frame, which
  // the host page delegates with allow="camera; microphone"); nothing else is asked for.
  permissionsPolicy: {
    camera: ["self"],
    microphone: ["self"],
    displayCapture: ["self"],
    fullscreen: ["self"],
    geolocation: [],
    payment: [],
    usb: [],
    serial: [],
    hid: [],
    bluetooth: [],
  },
  // A header a page chose (the widget's frame-ancestors, its CORP) is kept.
  overwrite: false,
});

export const securityHeaders = createMiddleware(async (c, next) => {
  // A 101 carries the socket, not a document; its Response cannot be copied.
  if (c.req.path.startsWith("/ws/")) return next();
  await baseHeaders(c, async () => {
    await next();
    // Answers from static assets or a Durable Object come with read-only headers: copy them.
    c.res = new Response(c.res.body, c.res);
  });
});

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
  // Framed by other sites: a host page that isolates itself (COEP) may still load it.
  res.headers.set("Cross-Origin-Resource-Policy", "cross-origin");
  res.headers.set("Cache-Control", "no-cache");
  return res;
}

/**
 * The call page (/call/<id>?t=<token>): our own scripts and styles, its socket to this origin,
 * the camera, microphone and screen for this page only, and never inside a frame (the widget
 * opens it in a new tab). Its token is in the address: no Referer, no cache.
 */
export function callPageHeaders(response: Response, requestUrl: string): Response {
  const res = new Response(response.body, response);
  const url = new URL(requestUrl);
  // 'self' covers same-origin WebSockets in CSP 3; older engines want the ws(s) origin named.
  const socketOrigin = `${url.protocol === "https:" ? "wss:" : "ws:"}//${url.host}`;
  res.headers.set("Content-Security-Policy", CONSOLE_CSP.replace("connect-src 'self'", `connect-src 'self' ${socketOrigin}`).replace("frame-src 'self'", "frame-src 'none'"));
  res.headers.set("Permissions-Policy", "camera=(self), microphone=(self), display-capture=(self), fullscreen=(self), autoplay=(self), geolocation=(), payment=(), usb=(), serial=(), hid=(), bluetooth=()");
  res.headers.set("X-Frame-Options", "DENY");
  res.headers.set("X-Content-Type-Options", "nosniff");
  res.headers.set("Referrer-Policy", "no-referrer");
  res.headers.set("Cache-Control", "no-store");
  return res;
}

export function apiHeaders(c: Context) {
  c.header("X-Content-Type-Options", "nosniff");
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "same-origin");
}
