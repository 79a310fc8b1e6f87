// Pages the Worker serves itself: the console (static build plus its security headers
// and the single-page fallback), the demo customer site that embeds the widget, and the
// visitor-facing call links (/call/*) that say plainly their feature is not here yet (the reply
// links, /r/*, are routes/replyPage.ts).
import { embedSnippet } from "@raibu/protocol/embed";
import { Hono } from "hono";
import type { AppBindings } from "../env";
import { escapeHtml } from "../lib/emailTemplates";
import { localeFromHeader, translate } from "../lib/i18n";
import { getDb } from "../db/client";
import { findInterface } from "../db/interfaces";
import { originTooBroad } from "@raibu/protocol/api";
import { widgetHeaders, withConsoleHeaders } from "../lib/securityHeaders";

const pages = new Hono<AppBindings>();

pages.get("/app", (c) => c.redirect("/app/", 301));

pages.get("/app/*", async (c) => {
  const url = new URL(c.req.url);
  let res = await c.env.ASSETS.fetch(c.req.raw);
  // Client-side routes (/app/login, /app/live …) have no file: serve the app shell.
  const isRoute = !/\.[a-z0-9]+$/i.test(url.pathname);
  if (res.status === 404 && isRoute) res = await c.env.ASSETS.fetch(new Request(new URL("/app/", url), c.req.raw));
  const out = withConsoleHeaders(res);
  if ((out.headers.get("Content-Type") ?? "").includes("text/html")) out.headers.set("Cache-Control", "no-cache");
  return out;
});

// The widget app may only be framed by the sites its chat interface allows: the browser
// enforces it through the page's frame-ancestors.
pages.get("/widget/*", async (c) => {
  const res = await c.env.ASSETS.fetch(c.req.raw);
  if (!(res.headers.get("Content-Type") ?? "").includes("text/html")) return res;
  const interfaceId = c.req.query("interface");
  const iface = interfaceId ? await findInterface(getDb(c.env.DB), interfaceId) : null;
  // A pattern saved before over-broad ones were refused frames nowhere.
  return widgetHeaders(res, iface ? iface.allowedOrigins.filter((origin) => !originTooBroad(origin)) : null);
});

const DEMO_PAGES: Record<string, { title: string; body: string }> = {
  "": {
    title: "Northwind Bikes — city bikes built to last",
    body: "Hand-built city and cargo bikes, delivered across Europe. Ask us anything with the chat button below.",
  },
  pricing: {
    title: "Pricing — Northwind Bikes",
    body: "City bike from €1,290. Cargo bike from €2,950. Free delivery and a two-year warranty on every frame.",
  },
  contact: {
    title: "Contact — Northwind Bikes",
    body: "Our workshop is open Monday to Saturday, 9:00–18:00. Chat with us or write to hello@northwind.example.",
  },
};

/** The interface the demo embeds; the seeded "Website" interface of the demo workspace. */
export const DEMO_INTERFACE_ID = "demo-website";

function demoPage(page: string, interfaceId: string): string {
  const snippet = embedSnippet("", escapeHtml(interfaceId));
  const content = DEMO_PAGES[page] ?? DEMO_PAGES[""]!;
  const nav = [
    ["", "Home"],
    ["pricing", "Pricing"],
    ["contact", "Contact"],
  ]
    .map(([slug, label]) => `<a href="/demo${slug ? `/${slug}` : ""}">${label}</a>`)
    .join(" · ");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.title)}</title>
<link rel="icon" type="image/svg+xml" href="/app/favicon.svg">
<style>
  body { font-family: system-ui, sans-serif; margin: 0; color: #1f2933; background: #f7f5f0; }
  header { background: #1f3a5f; color: #fff; padding: 1rem 2rem; display: flex; gap: 2rem; align-items: center; }
  header a { color: #fff; }
  main { max-width: 40rem; margin: 3rem auto; padding: 0 1.5rem; line-height: 1.6; }
  .note { font-size: .85rem; color: #52606d; border-top: 1px solid #d9d4c7; margin-top: 3rem; padding-top: 1rem; }
  code { background: #ebe7dc; padding: .1rem .3rem; border-radius: 3px; }
</style>
</head>
<body>
<header><strong>Northwind Bikes</strong><nav>${nav}</nav></header>
<main>
<h1>${escapeHtml(content.title)}</h1>
<p>${escapeHtml(content.body)}</p>
<p class="note">This is Raibu's demo customer site. It embeds the widget with the real snippet:<br>
<code>${escapeHtml(snippet)}</code></p>
</main>
${snippet}
</body>
</html>`;
}

pages.get("/demo", (c) => c.html(demoPage("", c.req.query("interface") ?? DEMO_INTERFACE_ID)));
pages.get("/demo/:page", (c) => c.html(demoPage(c.req.param("page"), c.req.query("interface") ?? DEMO_INTERFACE_ID)));

export default pages;

// ---- Links whose feature has not landed ----

/** A self-contained page (no script, no outside resource) in the visitor's language. */
function notYetPage(kind: "call", acceptLanguage: string | undefined): Response {
  const locale = localeFromHeader(acceptLanguage);
  const title = translate(locale, `page.${kind}.title`);
  const body = translate(locale, `page.${kind}.body`);
  const html = `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f4f5f7; color: #1f2933; }
  main { max-width: 32rem; margin: 1.5rem; padding: 2rem; background: #fff; border-radius: 12px; box-shadow: 0 2px 12px rgba(0,0,0,.08); line-height: 1.55; }
  h1 { font-size: 1.35rem; margin: 0 0 .75rem; }
  p { margin: 0; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(body)}</p>
</main>
</body>
</html>`;
  return new Response(html, {
    // 501: the server knows the address but does not do this yet (not a missing page, not an error of the visitor's).
    status: 501,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Language": locale,
      Vary: "Accept-Language",
      // Once the feature lands, nobody keeps this page.
      "Cache-Control": "no-store",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      "X-Frame-Options": "DENY",
      // These links carry signed tokens: they must not leave in a Referer.
      "Referrer-Policy": "no-referrer",
    },
  });
}

pages.get("/call/*", (c) => notYetPage("call", c.req.header("Accept-Language")));
