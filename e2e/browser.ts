// Launches Debian's Chromium through playwright-core, headless and offline.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll } from "vitest";

export const CHROMIUM_MISSING =
  "Chromium not found: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary.";

/** CHROMIUM_PATH when set (and then only it), else Debian's binary. */
export function chromiumPath(): string | null {
  const candidates = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((path) => existsSync(path)) ?? null;
}

export interface LaunchOptions {
  /** A fake camera and microphone, granted without asking (the call page's tests). */
  fakeMedia?: boolean;
}

const FAKE_MEDIA_ARGS = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--autoplay-policy=no-user-gesture-required"];

/** A fresh browser profile; `close()` removes it. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error(CHROMIUM_MISSING);
  const userDataDir = mkdtempSync(join(tmpdir(), "raibu-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    locale: "en-US",
    viewport: { width: 1280, height: 800 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", ...(options.fakeMedia ? FAKE_MEDIA_ARGS : [])],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Browser profiles for one test file, each in its own Chromium (as separate people would be);
 * all closed when the file's tests are done.
 */
export function browserProfiles(options: LaunchOptions = {}) {
  const closers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });
  return async function newContext(): Promise<BrowserContext> {
    const { context, close } = await launchBrowser(options);
    closers.push(close);
    return context;
  };
}

/** Signs in through the console's login page and waits for the shell. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/app/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("main-nav").waitFor();
}
