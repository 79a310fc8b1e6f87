// The agent hears their own visitors and works from the keyboard: a message in another of my
// conversations counts in the tab's title, `?` opens the shortcuts' help, a conversation opened
// from the keyboard puts the focus in its reply box; an admin takes a colleague's conversation
// over after a confirmation and the colleague is told; sounds are switched off per kind.
import type { BrowserContext, FrameLocator, Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { browserProfiles, signIn } from "./browser";
import { openWidget, visitorSays } from "./visitor";

const baseUrl = inject("baseUrl");
const newContext = browserProfiles();
const run = Date.now().toString(36);

/** Finds the conversation showing `text` (searched on the server), opens it and takes it. */
async function openAndAssign(agent: Page, text: string): Promise<string> {
  await agent.getByTestId("search").fill(text);
  const row = agent.getByTestId("visitor-row").first();
  await expect.poll(() => row.getAttribute("data-conversation-id"), { timeout: 20_000 }).toBeTruthy();
  const id = (await row.getAttribute("data-conversation-id"))!;
  await row.click();
  await agent.locator(`[data-testid="conversation"][data-conversation-id="${id}"]`).waitFor();
  await agent.getByTestId("search").fill("");
  await agent.getByTestId("assign").click();
  await expect.poll(() => agent.getByTestId("assignee").textContent()).toContain("Assigned to you");
  return id;
}

/** The number leading the tab's title, 0 when there is none. */
async function titleCount(page: Page): Promise<number> {
  const match = /^\((\d+)\) /.exec(await page.title());
  return match ? Number(match[1]) : 0;
}

const openConversation = (page: Page) => page.getByTestId("conversation").getAttribute("data-conversation-id");
const focusedTestId = (page: Page) => page.evaluate<string | null>(`document.activeElement?.getAttribute("data-testid") ?? null`);

describe("the agent's own conversations, by ear and by keyboard", () => {
  let camilleContext: BrowserContext;
  let alexContext: BrowserContext;
  let firstVisitorContext: BrowserContext;
  let secondVisitorContext: BrowserContext;
  let camille: Page;
  let first: FrameLocator;
  let firstId = "";
  let secondId = "";

  beforeAll(async () => {
    [camilleContext, alexContext, firstVisitorContext, secondVisitorContext] = await Promise.all([newContext(), newContext(), newContext(), newContext()]);
  });

  it("a message in another of my conversations raises the tab's title count; ? opens the shortcuts; Alt+↑/↓ opens a conversation with the focus in its reply box", async () => {
    camille = await camilleContext.newPage();
    await signIn(camille, baseUrl, "agent@raibu.local", "raibu-agent");
    await camille.getByTestId("main-nav").getByRole("link", { name: "Live conversations" }).click();
    await camille.getByTestId("live-page").waitFor();

    // Two visitors write; Camille takes both and stays on the second.
    first = await openWidget(await firstVisitorContext.newPage());
    await visitorSays(first, `Is anyone there for order ${run}-one?`);
    firstId = await openAndAssign(camille, `${run}-one`);
    const second = await openWidget(await secondVisitorContext.newPage());
    await visitorSays(second, `Is anyone there for order ${run}-two?`);
    secondId = await openAndAssign(camille, `${run}-two`);
    expect(await openConversation(camille)).toBe(secondId);

    // The first visitor writes while Camille looks at the second conversation: the title counts it.
    await expect.poll(() => camille.getByTestId("assignee").textContent()).toContain("Assigned to you");
    const before = await titleCount(camille);
    await visitorSays(first, `Still there for ${run}-one?`);
    await expect.poll(() => titleCount(camille), { timeout: 15_000 }).toBe(before + 1);
    expect(await camille.title()).toMatch(/^\(\d+\) Live conversations · Raibu$/);

    // ? in the reply box is a question mark; outside it, the shortcuts' help.
    await camille.getByTestId("composer").focus();
    await camille.keyboard.type("?");
    expect(await camille.getByTestId("composer").inputValue()).toBe("?");
    expect(await camille.getByTestId("shortcuts-dialog").isVisible()).toBe(false);
    await camille.getByTestId("composer").fill("");
    await camille.keyboard.press("Escape");
    await camille.keyboard.press("?");
    const help = camille.getByTestId("shortcuts-dialog");
    await help.waitFor({ state: "visible" });
    expect(await help.textContent()).toContain("Next conversation");
    expect(await help.textContent()).toContain("Saved replies");
    await camille.keyboard.press("Escape");
    await help.waitFor({ state: "hidden" });

    // Only my conversations listed: Alt+↑ / Alt+↓ reaches the first one, whose reply box takes the focus.
    await camille.getByTestId("filter-mine").click();
    const ids = await camille.getByTestId("visitor-row").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-conversation-id")));
    const from = ids.indexOf(secondId);
    const to = ids.indexOf(firstId);
    expect(from).toBeGreaterThanOrEqual(0);
    expect(to).toBeGreaterThanOrEqual(0);
    await camille.getByTestId("composer").focus();
    for (let step = 0; step < Math.abs(to - from); step++) await camille.keyboard.press(to < from ? "Alt+ArrowUp" : "Alt+ArrowDown");
    await expect.poll(() => openConversation(camille)).toBe(firstId);
    await expect.poll(() => focusedTestId(camille)).toBe("composer");
    // Read now: the count goes back down.
    await expect.poll(() => titleCount(camille), { timeout: 15_000 }).toBe(before);
  });

  it("an admin takes the colleague's conversation over after confirming; the colleague is told and is offered no dead « Assign to me »", async () => {
    const alex = await alexContext.newPage();
    await signIn(alex, baseUrl, "admin@raibu.local", "raibu-admin");
    await alex.goto(`${baseUrl}/app/live/${encodeURIComponent(secondId)}`);
    await expect.poll(() => alex.getByTestId("assignee").textContent(), { timeout: 15_000 }).toContain("Camille Durand");
    expect(await alex.getByTestId("assign").count()).toBe(0);
    await alex.getByTestId("take-over").click();
    const confirm = alex.getByRole("dialog");
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain("Camille Durand is told that you took it over");
    await confirm.getByRole("button", { name: "Take over" }).click();
    await expect.poll(() => alex.getByTestId("assignee").textContent()).toContain("Assigned to you");

    // Camille, on her other conversation, sees who took hers over.
    const notice = camille.locator(`[data-testid="attention-notice"][data-conversation-id="${secondId}"]`);
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).toContain("Alex Martin took over your conversation");

    // On Alex's conversation an agent has nothing to press: no « Assign to me », no « Take over ».
    await camille.goto(`${baseUrl}/app/live/${encodeURIComponent(secondId)}`);
    await expect.poll(() => camille.getByTestId("assignee").textContent(), { timeout: 15_000 }).toContain("Alex Martin");
    expect(await camille.getByTestId("assign").count()).toBe(0);
    expect(await camille.getByTestId("take-over").count()).toBe(0);
  });

  it("a sound switched off in Settings → My notifications stays off after a reload", async () => {
    await camille.goto(`${baseUrl}/app/settings/preferences`);
    const message = camille.getByTestId("sound-message");
    await expect.poll(() => message.isEnabled()).toBe(true);
    expect(await message.isChecked()).toBe(true);
    await message.uncheck();
    await camille.getByTestId("preferences-status").getByText("Saved.").waitFor();
    await camille.reload();
    await expect.poll(() => camille.getByTestId("sound-message").isEnabled()).toBe(true);
    expect(await camille.getByTestId("sound-message").isChecked()).toBe(false);
    expect(await camille.getByTestId("sound-request").isChecked()).toBe(true);
    await camille.getByTestId("sound-message").check();
    await camille.getByTestId("preferences-status").getByText("Saved.").waitFor();
  });
});
