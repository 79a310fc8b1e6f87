// The console and the widget on Pages: the Pages project's function (pages/src/forward.ts) hands the
// Worker's paths to it with the caller's cookies and Origin and only the edge's client address, and
// the Worker takes the Pages origin for its own, its previews only when the admin allows them.
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { isOwnOrigin } from "../src/lib/origin";
import { onRequest } from "../../pages/functions/[[path]]";
import { CLIENT_ADDRESS_HEADERS, handle, routesJson, type PagesEnv } from "../../pages/src/forward";
import { createInterface, createUser, createWorkspace, unique } from "./helpers";

const PAGES = "https://raibu-console.pages.dev";
const PREVIEW = "https://feature-x.raibu-console.pages.dev";

/** A service binding that keeps what it was given and answers with `reply`. */
function recordingBinding(reply: (request: Request) => Response | Promise<Response> = () => new Response("ok")) {
  const seen: Request[] = [];
  const binding = {
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      seen.push(request.clone());
      return reply(request);
    },
  } as unknown as Fetcher;
  return { seen, binding };
}

/** The real Worker behind the binding, with `vars` over the test environment's. */
function workerBinding(vars: Partial<Env> = {}): Fetcher {
  const app = createApp();
  return { fetch: (input: RequestInfo | URL, init?: RequestInit) => app.fetch(new Request(input, init), { ...env, ...vars }, createExecutionContext()) } as unknown as Fetcher;
}

/** Pages' static files: every path answers with this one document. */
const staticFiles = (body = "<!doctype html><title>Raibu</title>") =>
  ({ fetch: async () => new Response(body, { headers: { "Content-Type": "text/html; charset=utf-8" } }) }) as unknown as Fetcher;

const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

const pagesEnv = (raibu: Fetcher, assets: Fetcher = staticFiles()): PagesEnv => ({ RAIBU: raibu, ASSETS: assets });

describe("the Pages project's forwarding", () => {
  it("keeps the caller's cookies, Origin, method, body and the edge's client address, and drops the address headers a client sent", async () => {
    const { seen, binding } = recordingBinding();
    const injected = { "X-Real-IP": "6.6.6.7", "True-Client-IP": "6.6.6.8", Forwarded: "for=6.6.6.9", "CF-Connecting-IPv6": "2001:db8::6", "X-Client-IP": "6.6.6.10" };
    const request = new Request(`${PAGES}/api/conversations/c1/notes?x=1`, {
      method: "POST",
      headers: { Cookie: "raibu_session=abc", Origin: PAGES, "Content-Type": "application/json", "CF-Connecting-IP": "203.0.113.7", "X-Forwarded-For": "6.6.6.6", ...injected },
      body: JSON.stringify({ text: "hello" }),
    });
    await handle(request, pagesEnv(binding));
    const forwarded = seen[0]!;
    expect(forwarded.url).toBe(`${PAGES}/api/conversations/c1/notes?x=1`);
    expect(forwarded.method).toBe("POST");
    expect(forwarded.headers.get("Cookie")).toBe("raibu_session=abc");
    expect(forwarded.headers.get("Origin")).toBe(PAGES);
    expect(forwarded.headers.get("CF-Connecting-IP")).toBe("203.0.113.7");
    expect(forwarded.headers.get("X-Forwarded-For")).toBe("203.0.113.7");
    expect(await forwarded.json()).toEqual({ text: "hello" });
    for (const name of Object.keys(injected)) expect(forwarded.headers.has(name), name).toBe(false);
  });

  it("the Pages function Pages runs (functions/[[path]].ts) is this forwarding", async () => {
    const { seen, binding } = recordingBinding();
    const request = new Request(`${PAGES}/api/health`, { headers: { "X-Real-IP": "6.6.6.7" } });
    const context = { request, env: pagesEnv(binding) } as unknown as Parameters<typeof onRequest>[0];
    expect(await (await onRequest(context)).text()).toBe("ok");
    expect(seen[0]!.url).toBe(`${PAGES}/api/health`);
    expect(seen[0]!.headers.has("X-Real-IP")).toBe(false);
  });

  it("a request without the edge's address reaches the Worker with none, so a client's X-Forwarded-For is never taken for one", async () => {
    const { seen, binding } = recordingBinding();
    await handle(new Request(`${PAGES}/api/widget/session`, { method: "POST", headers: { Origin: PAGES, "X-Forwarded-For": "6.6.6.6", "X-Real-IP": "6.6.6.7" } }), pagesEnv(binding));
    for (const name of CLIENT_ADDRESS_HEADERS) expect(seen[0]!.headers.has(name), name).toBe(false);
  });

  it("the Worker's rate limits count the edge's address: a client that changes its X-Forwarded-For through Pages stays in one bucket", async () => {
    const raibu = workerBinding();
    const edge = unique("ip");
    const statuses: number[] = [];
    // Password-reset requests: 10 a minute per address (wrangler.toml's LOGIN_LIMITER).
    for (let i = 0; i < 11; i++) {
      const res = await handle(
        new Request(`${PAGES}/api/auth/password-reset`, {
          method: "POST",
          headers: { Origin: PAGES, "Content-Type": "application/json", "CF-Connecting-IP": edge, "X-Forwarded-For": `198.51.100.${i}`, "X-Real-IP": `198.51.100.${i}` },
          body: JSON.stringify({ email: `${unique("reset")}@example.test` }),
        }),
        pagesEnv(raibu),
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
  });

  it("the Worker's answer comes back as it gave it, its Set-Cookie and redirect included", async () => {
    const { binding } = recordingBinding(() => new Response(null, { status: 302, headers: { Location: "/app/", "Set-Cookie": "raibu_session=xyz; HttpOnly; Path=/" } }));
    const res = await handle(new Request(`${PAGES}/r/some-token`), pagesEnv(binding));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/app/");
    expect(res.headers.get("Set-Cookie")).toBe("raibu_session=xyz; HttpOnly; Path=/");
  });

  it("runs for the Worker's paths and the two apps only: the widget's loader stays a plain file of Pages", () => {
    const { include } = routesJson();
    for (const path of ["/api/*", "/ws/*", "/r/*", "/a/*", "/call/*", "/demo", "/demo/*", "/app/*", "/widget/*"]) expect(include).toContain(path);
    expect(include).not.toContain("/*");
    expect(include).not.toContain("/widget.js");
  });

  it("a console page from Pages' files carries the Worker's CSP, and a client route gets the app shell", async () => {
    const asked: string[] = [];
    const assets = {
      fetch: async (input: RequestInfo | URL) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        asked.push(url.pathname);
        return url.pathname === "/app/" ? new Response("<!doctype html><title>console</title>", { headers: { "Content-Type": "text/html" } }) : new Response("not found", { status: 404 });
      },
    } as unknown as Fetcher;
    const res = await handle(new Request(`${PAGES}/app/live`), pagesEnv(workerBinding(), assets));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<title>console</title>");
    expect(asked).toEqual(["/app/live", "/app/"]);
    expect(res.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("X-Frame-Options")).toBe("DENY");
  });

  it("the widget from Pages' files may be framed only by its interface's allowed sites, as the Worker decides", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const res = await handle(new Request(`${PAGES}/widget/?interface=${iface.id}`), pagesEnv(workerBinding()));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'self' https://customer.example");
    const unknown = await handle(new Request(`${PAGES}/widget/?interface=${unique("none")}`), pagesEnv(workerBinding()));
    expect(unknown.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
  });

  it("a page the Worker gives no headers for is refused, never served unframed", async () => {
    const { binding } = recordingBinding(() => new Response("down", { status: 503 }));
    const res = await handle(new Request(`${PAGES}/widget/?interface=x`), pagesEnv(binding));
    expect(res.status).toBe(502);
    expect(await errorCode(res)).toBe("worker_unavailable");
  });

  it("an agent signs in through Pages and the Worker knows them by the cookie on the next request", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id, "admin");
    const raibu = workerBinding();
    const headers = { Origin: PAGES, "Content-Type": "application/json", "CF-Connecting-IP": unique("ip") };
    const login = await handle(new Request(`${PAGES}/api/auth/login`, { method: "POST", headers, body: JSON.stringify({ email: user.email, password: user.password }) }), pagesEnv(raibu));
    expect(login.status).toBe(200);
    const cookie = login.headers.get("Set-Cookie")!.split(";")[0]!;
    const me = await handle(new Request(`${PAGES}/api/me`, { headers: { ...headers, Cookie: cookie } }), pagesEnv(raibu));
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe(user.email);
  });
});

describe("the Worker's own origins with a Pages project", () => {
  const pagesVars = { APP_ORIGIN: "https://chat.example.com", PAGES_ORIGIN: PAGES, PAGES_PREVIEWS: "" };
  /** A state-changing request made at `at` by a page of `origin`: 403 bad_origin, or on to the route's own 400. */
  async function post(vars: Partial<Env>, at: string, origin: string) {
    const res = await createApp().fetch(
      new Request(`${at}/api/auth/login`, { method: "POST", headers: { Origin: origin, "Content-Type": "application/json", "CF-Connecting-IP": unique("ip") }, body: "{}" }),
      { ...env, ...vars },
    );
    return res.status === 403 ? errorCode(res) : res.status;
  }

  it("a request made at the Pages origin by its own page is accepted; another site's, or one made elsewhere, is refused", async () => {
    expect(await post(pagesVars, PAGES, PAGES)).toBe(400);
    expect(await post(pagesVars, PAGES, "https://evil.example")).toBe("bad_origin");
    expect(await post(pagesVars, "https://raibu.acme.workers.dev", PAGES)).toBe("bad_origin");
    expect(await post(pagesVars, "https://chat.example.com", "https://chat.example.com")).toBe(400);
  });

  it("a preview deployment's origin is refused until PAGES_PREVIEWS is true, even with APP_ORIGIN empty", async () => {
    expect(await post(pagesVars, PREVIEW, PREVIEW)).toBe("bad_origin");
    expect(await post({ ...pagesVars, APP_ORIGIN: "" }, PREVIEW, PREVIEW)).toBe("bad_origin");
    expect(await post({ ...pagesVars, PAGES_PREVIEWS: "true" }, PREVIEW, PREVIEW)).toBe(400);
    expect(await post({ ...pagesVars, APP_ORIGIN: "", PAGES_PREVIEWS: "true" }, PREVIEW, PREVIEW)).toBe(400);
  });

  it("allowing previews opens only the project's own: not another project's, not a deeper name, not plain http", () => {
    const vars = { ...pagesVars, PAGES_PREVIEWS: "true" };
    const own = (origin: string) => isOwnOrigin(vars, `${origin}/api/x`, origin);
    expect(own(PREVIEW)).toBe(true);
    expect(own("https://0a1b2c3d.raibu-console.pages.dev")).toBe(true);
    expect(own("https://feature-x.other-project.pages.dev")).toBe(false);
    expect(own("https://a.b.raibu-console.pages.dev")).toBe(false);
    expect(own("http://feature-x.raibu-console.pages.dev")).toBe(false);
    expect(own("https://evilraibu-console.pages.dev")).toBe(false);
  });

  it("a socket opened from the Pages origin by a signed-in agent opens; one from another site is refused", async () => {
    const ws = await createWorkspace();
    const user = await createUser(ws.id, "agent");
    const raibu = workerBinding(pagesVars);
    const address = { "CF-Connecting-IP": unique("ip") };
    const login = await handle(
      new Request(`${PAGES}/api/auth/login`, { method: "POST", headers: { ...address, Origin: PAGES, "Content-Type": "application/json" }, body: JSON.stringify({ email: user.email, password: user.password }) }),
      pagesEnv(raibu),
    );
    const cookie = login.headers.get("Set-Cookie")!.split(";")[0]!;
    const open = (origin: string) => handle(new Request(`${PAGES}/ws/lobby`, { headers: { ...address, Upgrade: "websocket", Origin: origin, Cookie: cookie } }), pagesEnv(raibu));
    const opened = await open(PAGES);
    expect(opened.status).toBe(101);
    opened.webSocket!.accept();
    opened.webSocket!.close(1000, "done");
    const refused = await open("https://evil.example");
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe("bad_origin");
  });

  it("without a Pages project nothing changes: the origin a request came to is the Worker's own", async () => {
    expect(await post({ APP_ORIGIN: "", PAGES_ORIGIN: "", PAGES_PREVIEWS: "" }, "http://localhost", "http://localhost")).toBe(400);
    expect(await post({ APP_ORIGIN: "", PAGES_ORIGIN: "", PAGES_PREVIEWS: "" }, "http://localhost", "http://evil.example")).toBe("bad_origin");
  });
});

