// After sign-in the console only ever returns to one of its own pages.
import { describe, expect, it } from "vitest";
import { safeNext, toRoute } from "../src/lib/paths";

describe("safeNext", () => {
  it("follows paths inside the console", () => {
    expect(safeNext("/app/settings?tab=team")).toBe("/app/settings?tab=team");
    expect(safeNext("/app/")).toBe("/app/");
  });

  it("refuses other sites, other paths and the sign-in pages themselves", () => {
    for (const next of ["https://evil.example/app/", "//evil.example/app/", "/api/me", "/apps", "/app\\..\\x", "/app/login?next=/app/", "/app/invite/tok", null, undefined, ""]) {
      expect(safeNext(next), String(next)).toBe("/app/");
    }
  });
});

describe("toRoute", () => {
  it("names a console path as the router mounted at /app does", () => {
    expect(toRoute("/app/settings")).toBe("/settings");
    expect(toRoute("/app")).toBe("/");
  });
});
