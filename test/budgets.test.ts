// Size budgets of what visitors and agents download, measured gzipped on the production build.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

const PUBLIC = join(import.meta.dirname, "..", "dist", "public");

function gzippedSize(files: string[]): number {
  return files.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map((name) => join(dir, String(name)))
    .filter((path) => path.endsWith(".js") && statSync(path).isFile());
}

describe("bundle budgets (gzipped)", () => {
  it("the widget loader on the customer's page stays within 3 KB", () => {
    const size = gzippedSize([join(PUBLIC, "widget.js")]);
    expect(size, `widget.js is ${size} bytes gzipped`).toBeLessThanOrEqual(3 * 1024);
  });

  // 21.8 KB before the conversation session was shared with the console (Nov 2026), 19.97 KB after.
  it("the widget app's JavaScript stays within 20.5 KB", () => {
    const files = jsFiles(join(PUBLIC, "widget"));
    expect(files.length).toBeGreaterThan(0);
    const size = gzippedSize(files);
    expect(size, `the widget app is ${size} bytes gzipped`).toBeLessThanOrEqual(20.5 * 1024);
  });

  it("the agent console's JavaScript stays within 120 KB", () => {
    const files = jsFiles(join(PUBLIC, "app"));
    expect(files.length).toBeGreaterThan(0);
    const size = gzippedSize(files);
    expect(size, `the console is ${size} bytes gzipped`).toBeLessThanOrEqual(120 * 1024);
  });
});
