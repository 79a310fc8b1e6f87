// The Pages project's one function: the console and the widget are Pages' own static files, and
// every path the Raibu Worker answers itself goes to it through the RAIBU service binding, at the
// same origin, so cookies, the Origin checks, the CSP and the sockets work as on the Worker.

export interface PagesEnv {
  /** The Raibu Worker (pages/wrangler.toml's [[services]]). */
  RAIBU: Fetcher;
  /** Pages' static files: the console, the widget and its loader. */
  ASSETS: Fetcher;
}

/** What the Worker answers itself: wrangler.toml's run_worker_first, less the builds Pages serves. */
export const WORKER_ROUTES = ["/api/*", "/ws/*", "/r/*", "/a/*", "/call/*", "/demo", "/demo/*"] as const;
/** Pages' own files that still need the function: the console's page fallback and both apps' headers. */
export const STATIC_ROUTES = ["/app", "/app/*", "/widget/*"] as const;

/** Pages' _routes.json: only these paths run the function; /widget.js and the rest are plain files. */
export function routesJson() {
  return { version: 1, include: [...WORKER_ROUTES, ...STATIC_ROUTES], exclude: [] as string[] };
}

/**
 * Headers that name the client's address. A client can send any of them; on Cloudflare, only
 * CF-Connecting-IP on the request Pages receives is the edge's own (the edge overwrites one a client
 * sent). The Worker counts its rate limits by CF-Connecting-IP, then X-Forwarded-For.
 */
export const CLIENT_ADDRESS_HEADERS = [
  "cf-connecting-ip",
  "cf-connecting-ipv6",
  "cf-pseudo-ipv4",
  "true-client-ip",
  "x-real-ip",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "forwarded",
  "x-client-ip",
  "x-cluster-client-ip",
] as const;

/**
 * The caller's headers (cookies, Origin, the socket upgrade …) with only the edge's address, in both
 * headers the Worker reads: should a service-binding call ever arrive without CF-Connecting-IP, its
 * X-Forwarded-For fallback still holds the edge's address, never one a client wrote.
 */
export function forwardedHeaders(incoming: Headers): Headers {
  const headers = new Headers(incoming);
  for (const name of CLIENT_ADDRESS_HEADERS) headers.delete(name);
  const edgeAddress = incoming.get("cf-connecting-ip");
  if (edgeAddress) {
    headers.set("CF-Connecting-IP", edgeAddress);
    headers.set("X-Forwarded-For", edgeAddress);
  }
  return headers;
}

/**
 * The request, as the Worker gets it: same URL (the Pages origin, so the Worker's own origin is the
 * one the browser sees), method, body and headers but the address ones. Its answer is returned as
 * is: a 101 carries the socket, and Set-Cookie stays the Worker's.
 */
export function forward(request: Request, raibu: Fetcher): Promise<Response> {
  return raibu.fetch(new Request(request, { headers: forwardedHeaders(request.headers), redirect: "manual" }));
}

/** The page-level choices the Worker makes for a document it serves (its CSP, framing, caching …). */
const POLICY_HEADERS = [
  "content-security-policy",
  "x-frame-options",
  "x-content-type-options",
  "referrer-policy",
  "cross-origin-resource-policy",
  "cross-origin-opener-policy",
  "cross-origin-embedder-policy",
  "permissions-policy",
  "strict-transport-security",
  "origin-agent-cluster",
  "x-dns-prefetch-control",
  "x-download-options",
  "x-permitted-cross-domain-policies",
  "x-xss-protection",
  "cache-control",
] as const;

const isHtml = (res: Response) => (res.headers.get("Content-Type") ?? "").includes("text/html");

function pagesError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status, headers: { "Cache-Control": "no-store" } });
}

/**
 * The console and the widget from Pages' files. A document takes its headers from the Worker's
 * answer to the same address (a HEAD: the widget's frame-ancestors depend on the interface, which
 * only the Worker knows); without them it is not served, rather than served unframed.
 */
async function serveStatic(request: Request, env: PagesEnv): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname === "/app") return Response.redirect(new URL("/app/", url).toString(), 301);
  let res = await env.ASSETS.fetch(request);
  // Client-side routes (/app/login, /app/live …) have no file: the app shell, as the Worker does.
  const isRoute = !/\.[a-z0-9]+$/i.test(url.pathname);
  if (res.status === 404 && isRoute && url.pathname.startsWith("/app/")) res = await env.ASSETS.fetch(new Request(new URL("/app/", url), request));
  if (!isHtml(res)) {
    const out = new Response(res.body, res);
    out.headers.set("X-Content-Type-Options", "nosniff");
    out.headers.set("Cross-Origin-Resource-Policy", "same-origin");
    return out;
  }
  const policy = await forward(new Request(request.url, { method: "HEAD", headers: request.headers }), env.RAIBU).catch(() => null);
  if (!policy?.ok || !policy.headers.has("Content-Security-Policy")) {
    return pagesError(502, "worker_unavailable", "The Raibu Worker did not give this page its headers.");
  }
  const out = new Response(res.body, res);
  for (const name of POLICY_HEADERS) {
    const value = policy.headers.get(name);
    if (value !== null) out.headers.set(name, value);
  }
  return out;
}

const isStatic = (pathname: string) => pathname === "/app" || pathname.startsWith("/app/") || pathname.startsWith("/widget/");

/** The function's whole job, for every path in routesJson(). */
export async function handle(request: Request, env: PagesEnv): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (isStatic(pathname)) return serveStatic(request, env);
  try {
    return await forward(request, env.RAIBU);
  } catch (err) {
    console.error("forwarding to the Raibu Worker failed", err);
    return pagesError(502, "worker_unavailable", "The Raibu Worker could not be reached.");
  }
}
