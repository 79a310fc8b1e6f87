// The widget as a customer's page meets it: the snippet's stub queues early calls, the loader
// waits for the browser to be idle (or the launcher to be touched) before loading the chat,
// shutdown forgets the visitor, and page views alone start no conversation.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { BrowserContext, Page, Request } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { embedSnippet } from "@raibu/protocol/embed";
// @ts-expect-error plain ES module shared with npm start
import { OFFLINE_ENV, ROOT } from "../scripts/localStack.mjs";
import { browserProfiles } from "./browser";

const baseUrl = inject("baseUrl");
const persistDir = inject("persistDir");
const newContext = browserProfiles();
const INTERFACE = "demo-website";

/** Serves a host page of our own at `path` on the dev server's origin (an allowed origin of the demo interface). */
async function hostPage(page: Page, path: string, body: string) {
  await page.route(`${baseUrl}${path}`, (route) =>
    route.fulfill({ contentType: "text/html", body: `<!doctype html><html><head><title>Host</title></head><body>${body}</body></html>` }),
  );
}

type IdleCallback = (deadline: { didTimeout: boolean; timeRemaining(): number }) => void;
/** The host page's global scope, as these tests use it (the e2e files compile without the DOM's types). */
interface HostGlobal {
  Raibu: { q?: unknown[]; hide(): void; shutdown(): void };
  seen: string[];
  heldIdle: IdleCallback[];
  requestIdleCallback(callback: IdleCallback): number;
}

/** Keeps the page from ever being idle until `releaseIdle(page)`: requestIdleCallback only queues. */
async function holdIdle(page: Page) {
  await page.addInitScript(() => {
    const page = globalThis as unknown as HostGlobal;
    page.heldIdle = [];
    page.requestIdleCallback = (callback) => page.heldIdle.push(callback);
  });
}

const releaseIdle = (page: Page) => page.evaluate(() => (globalThis as unknown as HostGlobal).heldIdle.splice(0).forEach((cb) => cb({ didTimeout: false, timeRemaining: () => 50 })));

/** The requests the page made for the widget app: its iframe, its files, its session. */
function widgetRequests(page: Page) {
  const seen: Request[] = [];
  page.on("request", (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith("/widget/") || pathname.startsWith("/api/widget/")) seen.push(request);
  });
  return seen;
}

/** Bytes on the wire (headers and body) of the requests, once they have finished. */
async function bytesOf(requests: Request[]) {
  let total = 0;
  for (const request of requests) {
    const sizes = await request.sizes().catch(() => null);
    if (sizes) total += sizes.responseBodySize + sizes.responseHeadersSize;
  }
  return total;
}

function d1(sql: string): Array<Record<string, unknown>> {
  const res = spawnSync(join(ROOT, "node_modules", ".bin", "wrangler"), ["d1", "execute", "DB", "--local", "--persist-to", persistDir, "--json", "--command", sql], {
    cwd: ROOT,
    env: OFFLINE_ENV,
    encoding: "utf8",
  });
  if (res.status !== 0) throw new Error(res.stderr);
  return JSON.parse(res.stdout)[0].results;
}

/** The session answers the page's widget got, in order. */
function sessions(page: Page) {
  const answers: Array<{ visitorId: string; conversationId: string | null }> = [];
  page.on("response", async (response) => {
    if (response.url().endsWith("/api/widget/session") && response.ok()) answers.push(await response.json());
  });
  return answers;
}

const messageBox = (page: Page) => page.frameLocator("#raibu-widget iframe").locator('.field[aria-label="Your message"]:enabled');

/**
 * Milliseconds from the click on the launcher (a press held 100 ms, as a person's is, measured
 * from its release) to the conversation being ready for the visitor to write.
 */
async function clickToReady(page: Page) {
  const box = (await page.locator("#raibu-widget button").boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(100);
  const released = performance.now();
  await page.mouse.up();
  await messageBox(page).waitFor({ timeout: 15_000 });
  return Math.round(performance.now() - released);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe("the widget on a host page", () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await newContext();
  });

  it("calls made before the script has loaded (open, on) are queued by the snippet's stub and run by the loader: the widget opens and the events arrive", async () => {
    const page = await context.newPage();
    let releaseScript!: () => void;
    const scriptHeld = new Promise<void>((resolve) => (releaseScript = resolve));
    await page.route(`${baseUrl}/widget.js`, async (route) => {
      await scriptHeld;
      await route.continue();
    });
    await hostPage(
      page,
      "/host/early",
      `${embedSnippet("", INTERFACE)}
<script>
  window.seen = [];
  Raibu.on("open", function () { seen.push("open"); });
  Raibu.on("ready", function () { seen.push("ready"); });
  Raibu.open();
</script>`,
    );
    // The page's load event waits for the async script: the page is only parsed.
    await page.goto(`${baseUrl}/host/early`, { waitUntil: "domcontentloaded" });
    // The script has not arrived: the calls wait in the stub's queue, nothing threw.
    expect(await page.evaluate(() => (globalThis as unknown as HostGlobal).Raibu.q?.length)).toBe(3);
    releaseScript();
    await messageBox(page).waitFor({ timeout: 15_000 });
    expect(await page.locator("#raibu-widget button").getAttribute("aria-expanded")).toBe("true");
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as HostGlobal).seen)).toEqual(["open", "ready"]);
    await page.close();
  });

  it("with a launcher of the host's own (data-launcher), the default one is not drawn; hovering the host's button loads the widget and clicking it opens the chat", async () => {
    const page = await context.newPage();
    await holdIdle(page);
    const requested = widgetRequests(page);
    await hostPage(page, "/host/own-launcher", `<button id="help">Help</button><script src="/widget.js" data-interface="${INTERFACE}" data-launcher="#help" async></script>`);
    await page.goto(`${baseUrl}/host/own-launcher`);
    await page.waitForFunction(() => !!(globalThis as unknown as HostGlobal).Raibu && !(globalThis as unknown as HostGlobal).Raibu.q);
    expect(await page.locator("#raibu-widget button").isVisible()).toBe(false);
    expect(requested).toHaveLength(0);
    await page.locator("#help").hover();
    await expect.poll(() => requested.length).toBeGreaterThan(0);
    await page.locator("#help").click();
    await messageBox(page).waitFor({ timeout: 15_000 });
    await page.evaluate(() => (globalThis as unknown as HostGlobal).Raibu.hide());
    expect(await page.locator("#raibu-widget iframe").isVisible()).toBe(false);
    await page.close();
  });

  it("the widget's iframe is not requested before the browser is idle or the launcher is touched", async () => {
    // A first visit: nothing cached, so the bytes counted are what a new visitor downloads.
    const idlePage = await (await newContext()).newPage();
    await holdIdle(idlePage);
    const onIdle = widgetRequests(idlePage);
    const pageRequests: Request[] = [];
    idlePage.on("request", (request) => pageRequests.push(request));
    await idlePage.goto(`${baseUrl}/demo`);
    await idlePage.locator("#raibu-widget button").waitFor();
    await idlePage.waitForTimeout(1000);
    expect(onIdle.map((r) => r.url())).toEqual([]);
    const beforeIdle = await bytesOf(pageRequests.filter((r) => new URL(r.url()).pathname === "/widget.js"));
    await releaseIdle(idlePage);
    await expect.poll(() => onIdle.some((r) => r.url().endsWith("/api/widget/session")), { timeout: 10_000 }).toBe(true);
    await idlePage.waitForLoadState("networkidle");
    const afterIdle = await bytesOf(onIdle);

    const hoverPage = await context.newPage();
    await holdIdle(hoverPage);
    const onHover = widgetRequests(hoverPage);
    await hoverPage.goto(`${baseUrl}/demo`);
    await hoverPage.locator("#raibu-widget button").waitFor();
    await hoverPage.waitForTimeout(500);
    expect(onHover).toHaveLength(0);
    await hoverPage.locator("#raibu-widget button").hover();
    await expect.poll(() => onHover.some((r) => new URL(r.url()).pathname === "/widget/"), { timeout: 10_000 }).toBe(true);
    console.info(`host page: the loader costs ${beforeIdle} bytes before idle; the widget (iframe, JS, CSS, session) ${afterIdle} bytes once idle`);
    await idlePage.close();
    await hoverPage.close();
  });

  it("opening the chat is quicker once the widget was preloaded at idle than cold: click to a ready message box, measured both ways", { timeout: 120_000 }, async () => {
    const preloaded: number[] = [];
    const cold: number[] = [];
    for (let run = 0; run < 3; run++) {
      // A new visitor each time (a fresh profile), so every open starts a conversation.
      const idleContext = await newContext();
      const page = await idleContext.newPage();
      const answers = sessions(page);
      await page.goto(`${baseUrl}/demo`);
      await expect.poll(() => answers.length, { timeout: 10_000 }).toBe(1);
      preloaded.push(await clickToReady(page));

      // Cold: nothing of the widget loaded until the pointer reaches the launcher.
      const coldContext = await newContext();
      const coldPage = await coldContext.newPage();
      await holdIdle(coldPage);
      await coldPage.goto(`${baseUrl}/demo`);
      await coldPage.locator("#raibu-widget button").waitFor();
      cold.push(await clickToReady(coldPage));
    }
    console.info(`host page: click to ready, preloaded when idle ${preloaded.join(", ")} ms (median ${median(preloaded)}); cold ${cold.join(", ")} ms (median ${median(cold)})`);
    expect(median(preloaded)).toBeLessThan(median(cold));
  });

  it("three page views of a new visitor without opening the chat create no conversation; the visitor is recorded", async () => {
    const visitorContext = await newContext();
    const page = await visitorContext.newPage();
    const answers = sessions(page);
    for (let view = 1; view <= 3; view++) {
      await page.goto(`${baseUrl}/demo${view === 1 ? "" : `/pricing`}`);
      await expect.poll(() => answers.length, { timeout: 10_000 }).toBe(view);
    }
    const visitorId = answers[0]!.visitorId;
    expect(answers.map((a) => a.visitorId)).toEqual([visitorId, visitorId, visitorId]);
    expect(answers.map((a) => a.conversationId)).toEqual([null, null, null]);
    expect(d1(`SELECT count(*) AS n FROM conversations WHERE visitor_id = '${visitorId}'`)).toEqual([{ n: 0 }]);
    expect(d1(`SELECT count(*) AS n FROM visitors WHERE id = '${visitorId}'`)).toEqual([{ n: 1 }]);

    await page.locator("#raibu-widget button").click();
    await messageBox(page).waitFor({ timeout: 15_000 });
    expect(d1(`SELECT count(*) AS n FROM conversations WHERE visitor_id = '${visitorId}'`)).toEqual([{ n: 1 }]);
    await page.close();
  });

  it("Raibu.shutdown() forgets the visitor: after the host's logout and the next page, the widget has a new anonymous visitor", async () => {
    const visitorContext = await newContext();
    const page = await visitorContext.newPage();
    const answers = sessions(page);
    await page.goto(`${baseUrl}/demo`);
    await expect.poll(() => answers.length, { timeout: 10_000 }).toBe(1);
    await page.reload();
    await expect.poll(() => answers.length, { timeout: 10_000 }).toBe(2);
    expect(answers[1]!.visitorId).toBe(answers[0]!.visitorId);

    // The host's logout: shutdown, then straight to the next page.
    await page.evaluate(() => (globalThis as unknown as HostGlobal).Raibu.shutdown());
    await page.goto(`${baseUrl}/demo/pricing`);
    await expect.poll(() => answers.length, { timeout: 10_000 }).toBe(3);
    expect(answers[2]!.visitorId).not.toBe(answers[0]!.visitorId);
    // The new visitor is remembered as usual.
    await page.reload();
    await expect.poll(() => answers.length, { timeout: 10_000 }).toBe(4);
    expect(answers[3]!.visitorId).toBe(answers[2]!.visitorId);
    await page.close();
  });
});
