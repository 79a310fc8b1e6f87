// Pages the Worker serves itself: the console (static build plus its security headers
// and the single-page fallback), the demo customer site that embeds the widget, and the call
// page (/call/<id>, the call/ build's shell; the reply links, /r/*, are routes/replyPage.ts).
import { embedSnippet } from "@raibu/protocol/embed";
import { Hono } from "hono";
import type { AppBindings } from "../env";
import { escapeHtml } from "../lib/emailTemplates";
import { getDb } from "../db/client";
import { findInterface } from "../db/interfaces";
import { originTooBroad } from "@raibu/protocol/api";
import { callPageHeaders, widgetHeaders, withConsoleHeaders } from "../lib/securityHeaders";

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

// ---- The call page ----

// Its scripts and styles are static files; every /call/<id> is the same shell, which reads the
// id and token from its address. Anything else under /call/ is not a page.
pages.get("/call/assets/*", (c) => c.env.ASSETS.fetch(c.req.raw));
pages.get("/call/:id{[A-Za-z0-9_-]{1,64}}", async (c) => {
  const shell = await c.env.ASSETS.fetch(new Request(new URL("/call/", c.req.url), { headers: c.req.raw.headers }));
  return callPageHeaders(shell, c.req.url);
});
