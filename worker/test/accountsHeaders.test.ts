// Security headers: Hono's secure-headers set on every answer, the console never framed, the
// widget framed only by its interface's sites.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createInterface, createWorkspace } from "./helpers";

const get = (path: string) => exports.default.fetch(`https://raibu.example${path}`);

function expectBaseHeaders(res: Response) {
  expect(res.headers.get("Strict-Transport-Security")).toMatch(/^max-age=\d{7,}/);
  expect(res.headers.get("Cross-Origin-Opener-Policy")).toBe("same-origin");
  expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  const permissions = res.headers.get("Permissions-Policy")!;
  expect(permissions).toContain("camera=(self)");
  expect(permissions).toContain("microphone=(self)");
  expect(permissions).toContain("geolocation=()");
}

describe("security headers", () => {
  it("an API answer carries HSTS, COOP, CORP same-origin and a Permissions-Policy, errors included", async () => {
    for (const path of ["/api/health", "/api/me", "/api/nope"]) {
      const res = await get(path);
      expectBaseHeaders(res);
      expect(res.headers.get("Cross-Origin-Resource-Policy")).toBe("same-origin");
      expect(res.headers.get("Cache-Control")).toBe("no-store");
    }
  });

  it("the console keeps frame-ancestors 'none' and X-Frame-Options DENY beside the secure-headers set", async () => {
    const res = await get("/app/login");
    expectBaseHeaders(res);
    expect(res.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("X-Frame-Options")).toBe("DENY");
    expect(res.headers.get("Cross-Origin-Resource-Policy")).toBe("same-origin");
  });

  it("the widget page stays frameable by its interface's origins: their frame-ancestors, no X-Frame-Options, CORP cross-origin", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const res = await get(`/widget/?interface=${iface.id}`);
    expect(res.status).toBe(200);
    expectBaseHeaders(res);
    expect(res.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'self' https://customer.example http://localhost:*");
    expect(res.headers.get("X-Frame-Options")).toBeNull();
    expect(res.headers.get("Cross-Origin-Resource-Policy")).toBe("cross-origin");
    expect(res.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
  });

  it("a static file of the widget, served as it is, gets the secure-headers set too", async () => {
    const page = await (await get("/widget/")).text();
    const script = /src="(\/widget\/[^"]+\.js)"/.exec(page)?.[1];
    expect(script).toBeDefined();
    const res = await get(script!);
    expect(res.status).toBe(200);
    expectBaseHeaders(res);
  });
});
