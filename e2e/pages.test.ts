// The console and the widget from the Pages dev server (`npm run start:pages`), bound to a Worker of
// their own through the local dev registry: the demo admin, a visitor on the demo site and a taken-over
// chat, with every request and socket of both browsers made to the Pages origin only.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserProfiles, signIn } from "./browser";
import { visitorSays } from "./visitor";
// @ts-expect-error plain ES modules shared with npm start and npm run start:pages
import { freePort, prepareState, ROOT, startDevServer, writeConfigWithAddressLimits } from "../scripts/localStack.mjs";
// @ts-expect-error plain ES module shared with npm run start:pages
import { startPagesServer } from "../scripts/start-pages.mjs";

type Server = { url: string; stop: () => Promise<void>; output: () => string };

const newContext = browserProfiles();
let worker: Server;
let pages: Server;
let persistDir: string;
let configPath: string;
let dryRun: SpawnSyncReturns<string>;

/** Every address a page asks for (documents, scripts, fetches, sockets), to check where they went. */
function recordAddresses(page: Page, into: string[]) {
  page.on("request", (request) => into.push(request.url()));
  page.on("websocket", (socket) => into.push(socket.url()));
}

async function openWidgetAt(page: Page, origin: string): Promise<FrameLocator> {
  await page.goto(`${origin}/demo`);
  await page.locator("#raibu-widget button").first().click();
  const frame = page.frameLocator("#raibu-widget iframe");
  await frame.getByRole("textbox").first().waitFor();
  return frame;
}

describe("the console and the widget on Pages", () => {
  beforeAll(async () => {
    // The Pages files the dev server serves are the ones `npm run deploy:pages` would publish.
    dryRun = spawnSync("npm", ["run", "deploy:pages", "--", "--dry-run", "--skip-build"], { cwd: ROOT, encoding: "utf8" });
    // The Worker gets a name of its own, so the Pages server binds to it and to no other local Raibu.
    const name = `raibu-pages-e2e-${await freePort()}`;
    configPath = writeConfigWithAddressLimits(10_000, ".e2e.pages.wrangler.toml");
    writeFileSync(configPath, readFileSync(configPath, "utf8").replace(/^name = "raibu"$/m, `name = "${name}"`));
    persistDir = mkdtempSync(join(tmpdir(), "raibu-e2e-pages-"));
    prepareState(persistDir, { quiet: true });
    worker = await startDevServer({ port: await freePort(), persistDir, config: configPath });
    pages = await startPagesServer({ port: await freePort(), service: name });
  });

  afterAll(async () => {
    await pages?.stop();
    await worker?.stop();
    rmSync(persistDir, { recursive: true, force: true });
    rmSync(configPath, { force: true });
  });

  it("npm run deploy:pages -- --dry-run builds the Pages files, _routes.json and the function's bundle, and publishes nothing", () => {
    expect(dryRun.status, dryRun.stdout + dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toContain("nothing was published");
    expect(existsSync(join(ROOT, "dist/pages/app/index.html"))).toBe(true);
    expect(existsSync(join(ROOT, "dist/pages/widget.js"))).toBe(true);
    expect(JSON.parse(readFileSync(join(ROOT, "dist/pages/_routes.json"), "utf8")).include).toContain("/api/*");
    expect(readFileSync(join(ROOT, "dist/pages-functions/index.js"), "utf8")).toContain("RAIBU");
  });

  it("the demo admin signs in, sees a visitor who writes on the demo page, takes over and both exchange a message, and the embed snippet names the Pages origin, all through the Pages server", async () => {
    const addresses: string[] = [];
    const [agentContext, visitorContext]: BrowserContext[] = await Promise.all([newContext(), newContext()]);
    const agent = await agentContext.newPage();
    const visitorPage = await visitorContext.newPage();
    recordAddresses(agent, addresses);
    recordAddresses(visitorPage, addresses);
    await agent.setViewportSize({ width: 1600, height: 900 });

    await signIn(agent, pages.url, "admin@raibu.local", "raibu-admin");
    await agent.getByTestId("main-nav").getByRole("link", { name: "Live conversations" }).click();
    await agent.getByTestId("live-page").waitFor();

    // The demo page's loader frames the widget from the origin it was loaded from: Pages.
    const visitor = await openWidgetAt(visitorPage, pages.url);
    expect(await visitorPage.locator("#raibu-widget iframe").getAttribute("src")).toMatch(new RegExp(`^${pages.url}/widget/\\?interface=`));
    await visitor.getByText("What's your name?").waitFor();
    await visitorSays(visitor, "Paola");
    await visitor.getByText("What's your email address").waitFor();
    await visitorSays(visitor, "paola@pages.example");
    await visitor.getByText("Would you like to talk to someone from the team?").waitFor();
    await visitorSays(visitor, "Do you ship to Turin?");

    const row = agent.getByTestId("visitor-row").filter({ hasText: "Paola" }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await agent.getByTestId("messages").getByText("Do you ship to Turin?").waitFor();
    await agent.getByTestId("assign").click();
    await visitor.getByText("Alex Martin has taken over the chat").waitFor();
    await agent.getByTestId("composer").fill("Yes, Turin in four days.");
    await agent.getByTestId("send").click();
    await visitor.getByText("Yes, Turin in four days.").waitFor();
    await visitorSays(visitor, "Perfect, thank you!");
    await agent.getByTestId("messages").getByText("Perfect, thank you!").waitFor();

    // The console's embed snippet for the interface loads the widget from the Pages origin.
    await agent.goto(`${pages.url}/app/settings/interfaces/demo-website`);
    await expect.poll(() => agent.getByTestId("embed-snippet").textContent(), { timeout: 15_000 }).toContain(`src="${pages.url}/widget.js"`);

    // Nothing went to the Worker's own address: the pages, the API and both sockets were the Pages origin's.
    const pagesHost = new URL(pages.url).host;
    const elsewhere = addresses.filter((url) => /^(https?|wss?):/.test(url) && new URL(url).host !== pagesHost);
    expect(elsewhere).toEqual([]);
    expect(addresses.some((url) => url.startsWith(`${pages.url.replace("http", "ws")}/ws/lobby`))).toBe(true);
    expect(addresses.filter((url) => url.startsWith(pages.url.replace("http", "ws"))).length).toBeGreaterThanOrEqual(2);
  });
});
