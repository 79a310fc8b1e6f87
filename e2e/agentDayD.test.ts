// The reply box through a working day: drafts that survive switching and reloading, saved
// replies inserted with `/`, and pictures pasted or dropped with a preview, in the console and
// the widget.
import type { BrowserContext, Locator, Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { browserProfiles, signIn } from "./browser";
import { openWidget, visitorSays } from "./visitor";

const baseUrl = inject("baseUrl");
const newContext = browserProfiles();

/** A 1×1 PNG: real image bytes, so the server's type check accepts it. */
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

/** A visitor who told the bot their name, and the conversation's id as the agent's list shows it. */
async function namedVisitor(context: BrowserContext, agent: Page, name: string) {
  const page = await context.newPage();
  const frame = await openWidget(page);
  await frame.getByText("What's your name?").waitFor();
  await visitorSays(frame, name);
  const row = agent.getByTestId("visitor-row").filter({ hasText: name }).first();
  await row.waitFor({ timeout: 15_000 });
  return { page, frame, conversationId: (await row.getAttribute("data-conversation-id"))! };
}

const rowOf = (page: Page, conversationId: string) => page.locator(`[data-testid="visitor-row"][data-conversation-id="${conversationId}"]`);

async function openConversation(agent: Page, conversationId: string) {
  await rowOf(agent, conversationId).click();
  await agent.locator(`[data-testid="conversation"][data-conversation-id="${conversationId}"]`).waitFor();
}

async function takeOver(agent: Page, conversationId: string) {
  await openConversation(agent, conversationId);
  await agent.getByTestId("assign").click();
  await expect.poll(() => agent.getByTestId("composer").isEnabled(), { timeout: 15_000 }).toBe(true);
}

/**
 * Dispatches what the browser does for a copied screenshot pasted (a file, no text) or a file
 * dropped: the events carry a PNG. Runs in the page, which has the DOM this file's types lack.
 */
async function sendImage(target: Locator, how: "paste" | "drop", name: string) {
  await target.evaluate(
    (el, { png, name, how }) => {
      const page = globalThis as any;
      const data = new page.DataTransfer();
      data.items.add(new File([Uint8Array.from(atob(png), (c) => c.charCodeAt(0))], name, { type: "image/png" }));
      const events = how === "paste" ? [new page.ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true })] : ["dragover", "drop"].map((type) => new page.DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
      for (const event of events) el.dispatchEvent(event);
    },
    { png: PNG, name, how },
  );
}

describe("the reply box through an agent's day", () => {
  let agentContext: BrowserContext;
  let firstContext: BrowserContext;
  let secondContext: BrowserContext;
  let agent: Page;
  let first: Awaited<ReturnType<typeof namedVisitor>>;
  let second: Awaited<ReturnType<typeof namedVisitor>>;

  beforeAll(async () => {
    [agentContext, firstContext, secondContext] = await Promise.all([newContext(), newContext(), newContext()]);
    agent = await agentContext.newPage();
    await signIn(agent, baseUrl, "admin@raibu.local", "raibu-admin");
    await agent.goto(`${baseUrl}/app/live`);
    await agent.getByTestId("live-page").waitFor();
    first = await namedVisitor(firstContext, agent, "Camille Roux");
    second = await namedVisitor(secondContext, agent, "Bastien Leroy");
  });

  it("a draft survives switching conversations, leaving the page and a reload, and is cleared once sent", async () => {
    await takeOver(agent, first.conversationId);
    await agent.getByTestId("composer").fill("Draft for Camille, not sent yet");
    await takeOver(agent, second.conversationId);
    expect(await agent.getByTestId("composer").inputValue()).toBe("");
    await agent.getByTestId("composer").fill("Draft for Bastien");

    await openConversation(agent, first.conversationId);
    await expect.poll(() => agent.getByTestId("composer").inputValue()).toBe("Draft for Camille, not sent yet");

    // Away to the settings and back, then a reload.
    await agent.getByTestId("main-nav").getByRole("link", { name: "Settings" }).click();
    await agent.getByTestId("settings-sections").waitFor();
    await agent.goBack();
    await expect.poll(() => agent.getByTestId("composer").inputValue()).toBe("Draft for Camille, not sent yet");
    await agent.reload();
    await expect.poll(() => agent.getByTestId("composer").inputValue(), { timeout: 15_000 }).toBe("Draft for Camille, not sent yet");
    await openConversation(agent, second.conversationId);
    await expect.poll(() => agent.getByTestId("composer").inputValue()).toBe("Draft for Bastien");

    // Sent: the visitor reads it and the draft is gone, reload or not.
    await expect.poll(() => agent.getByTestId("composer").isEnabled(), { timeout: 15_000 }).toBe(true);
    await agent.getByTestId("send").click();
    await second.frame.getByText("Draft for Bastien").waitFor();
    expect(await agent.getByTestId("composer").inputValue()).toBe("");
    await agent.reload();
    await agent.getByTestId("messages").getByText("Draft for Bastien").waitFor();
    expect(await agent.getByTestId("composer").inputValue()).toBe("");
    await openConversation(agent, first.conversationId);
    await expect.poll(() => agent.getByTestId("composer").inputValue()).toBe("Draft for Camille, not sent yet");
    await agent.getByTestId("composer").fill("");
  });

  it("saved replies made in the settings are inserted with / and a search, with the visitor's and the agent's names filled", async () => {
    await agent.goto(`${baseUrl}/app/settings/saved-replies`);
    const form = agent.getByTestId("saved-reply-form");
    await form.getByLabel("Shortcut").fill("dwelcome");
    await form.getByLabel("Reply").fill("Hi {visitor.name}, I'm {agent.name}. How can I help?");
    await agent.getByTestId("reply-save").click();
    await agent.getByTestId("saved-replies-workspace").locator('[data-shortcut="dwelcome"]').waitFor();
    await form.getByLabel("Shortcut").fill("dwait");
    await form.getByLabel("Reply").fill("One moment please, {visitor.name|there}.");
    await agent.getByTestId("reply-save").click();
    await agent.getByTestId("saved-replies-workspace").locator('[data-shortcut="dwait"]').waitFor();

    await agent.goto(`${baseUrl}/app/live/${first.conversationId}`);
    const box = agent.getByTestId("composer");
    await expect.poll(() => box.isEnabled(), { timeout: 15_000 }).toBe(true);
    await box.click();
    // `/dw` lists both; Esc closes the list and keeps the text.
    await box.pressSequentially("/dw");
    const picker = agent.getByTestId("saved-reply-picker");
    await expect.poll(() => picker.getByTestId("saved-reply-option").count()).toBe(2);
    await box.press("Escape");
    await picker.waitFor({ state: "hidden" });
    expect(await box.inputValue()).toBe("/dw");
    // A new `/` opens it again; the search narrows it; the arrows choose and Enter inserts.
    await box.fill("");
    await box.pressSequentially("/dw");
    await picker.waitFor();
    await box.press("ArrowDown");
    expect(await picker.locator('[aria-selected="true"]').getAttribute("data-shortcut")).toBe("dwelcome");
    await box.press("Enter");
    await picker.waitFor({ state: "hidden" });
    expect(await box.inputValue()).toBe("Hi Camille Roux, I'm Alex Martin. How can I help?");
    await box.press("Enter");
    await first.frame.getByText("Hi Camille Roux, I'm Alex Martin. How can I help?").waitFor();
    expect(await box.inputValue()).toBe("");
  });

  it("a picture pasted or dropped in the console waits with a preview and a remove button, then goes with the text", async () => {
    await agent.goto(`${baseUrl}/app/live/${first.conversationId}`);
    const box = agent.getByTestId("composer");
    await expect.poll(() => box.isEnabled(), { timeout: 15_000 }).toBe(true);

    await sendImage(box, "paste", "first-paste.png");
    const preview = agent.getByTestId("attachment-preview");
    await preview.getByTestId("attachment-preview-image").waitFor();
    expect(await preview.textContent()).toContain("first-paste.png");
    await agent.getByTestId("attachment-remove").click();
    await preview.waitFor({ state: "hidden" });

    await sendImage(agent.getByTestId("composer-form"), "drop", "dropped.png");
    await preview.getByTestId("attachment-preview-image").waitFor();
    expect(await preview.textContent()).toContain("dropped.png");
    await box.fill("Here is the screenshot");
    await agent.getByTestId("send").click();
    await preview.waitFor({ state: "hidden" });
    await first.frame.getByText("Here is the screenshot").waitFor();
    await first.frame.getByRole("img", { name: "dropped.png" }).waitFor();
    // Nothing was sent before: the removed paste never reached the visitor.
    expect(await first.frame.getByRole("img", { name: "first-paste.png" }).count()).toBe(0);
  });

  it("a picture pasted in the widget waits with a preview and a remove button before it is sent", async () => {
    const field = first.frame.getByLabel("Your message");
    await sendImage(field, "paste", "visitor-removed.png");
    const preview = first.frame.getByRole("img", { name: "visitor-removed.png" });
    await preview.waitFor();
    await first.frame.getByRole("button", { name: "Remove visitor-removed.png" }).click();
    await preview.waitFor({ state: "hidden" });

    await sendImage(field, "paste", "visitor-shot.png");
    await first.frame.getByRole("img", { name: "visitor-shot.png" }).waitFor();
    await first.frame.getByRole("button", { name: "Send" }).click();
    await first.frame.getByRole("button", { name: "Remove visitor-shot.png" }).waitFor({ state: "hidden" });
    await agent.getByTestId("messages").getByRole("img", { name: "visitor-shot.png" }).waitFor({ timeout: 15_000 });
    expect(await agent.getByTestId("messages").getByRole("img", { name: "visitor-removed.png" }).count()).toBe(0);
  });
});
