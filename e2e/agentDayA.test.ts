// The agent's console on laptop and phone widths, and the small things that looked broken: the
// folded visitor panel, labels never cut, links and the end of a conversation in the widget,
// the call card's link, the visitor's browser and "last seen", date separators.
import type { BrowserContext, Frame, Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { browserProfiles, signIn } from "./browser";
import { openWidget, visitorSays } from "./visitor";

const baseUrl = inject("baseUrl");
const newContext = browserProfiles();

/** Opens the conversation whose lobby row shows `text` (searched on the server). */
async function openConversationShowing(agent: Page, text: string): Promise<string> {
  await agent.getByTestId("search").fill(text);
  const row = agent.getByTestId("visitor-row").first();
  await row.waitFor({ timeout: 15_000 });
  const id = (await row.getAttribute("data-conversation-id"))!;
  await row.click();
  await agent.locator(`[data-testid="conversation"][data-conversation-id="${id}"]`).waitFor();
  await agent.getByTestId("search").fill("");
  return id;
}

async function agentSays(agent: Page, text: string) {
  await agent.getByTestId("composer").fill(text);
  await agent.getByTestId("send").click();
  await agent.getByTestId("messages").getByText(text).waitFor();
}

const widthOf = (page: Page, testId: string) => page.getByTestId(testId).evaluate((el) => el.getBoundingClientRect().width);

/**
 * Labels whose words do not fit their box: text cut by overflow or an ellipsis, or a select
 * narrower than its chosen option. Content (names, previews, addresses) may be cut; words of
 * the interface may not, so only controls and labels are looked at. Runs in the page.
 */
const CUT_LABELS = `(() => {
  const cut = [];
  const measure = document.createElement("canvas").getContext("2d");
  const selector = "button, a.button, select, label, .chip, .badge, .composer-hint, .caps-label, .toggle, .sort, h1, h2, h3, .small-text, .muted";
  for (const el of document.querySelectorAll(selector)) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width === 0 || box.height === 0 || style.visibility === "hidden" || el.closest(".sr-only, .sr-only-narrow")) continue;
    if (el.tagName === "SELECT") {
      measure.font = style.fontWeight + " " + style.fontSize + " " + style.fontFamily;
      const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const text = el.selectedOptions[0] ? el.selectedOptions[0].text : "";
      if (measure.measureText(text).width > room + 1) cut.push("select «" + text + "»");
    } else if (el.scrollWidth > el.clientWidth + 1 && (style.overflow !== "visible" || style.textOverflow === "ellipsis")) {
      cut.push(el.tagName.toLowerCase() + " «" + el.textContent.trim().slice(0, 60) + "»");
    }
  }
  return cut;
})()`;
const cutLabels = (page: Page | Frame) => page.evaluate<string[]>(CUT_LABELS);

const widgetFrame = (page: Page): Frame => page.frames().find((f) => f.url().includes("/widget/"))!;

describe("the agent's working day on a laptop and a phone", () => {
  let agentContext: BrowserContext;
  let agent: Page;
  // Each test's visitor is someone new: a browser of their own, so a conversation of their own.
  const newVisitor = async () => (await newContext()).newPage();

  beforeAll(async () => {
    agentContext = await newContext();
    agent = await agentContext.newPage();
    await signIn(agent, baseUrl, "admin@raibu.local", "raibu-admin");
    await agent.getByTestId("main-nav").getByRole("link", { name: "Live conversations" }).click();
    await agent.getByTestId("live-page").waitFor();
  });

  it("at 1024×768 and 1280×800 the conversation keeps at least 420 px with the visitor panel folded, and the header's toggle opens the panel over it", async () => {
    const visitor = await openWidget(await newVisitor());
    await visitor.getByText("What's your name?").waitFor();
    await visitorSays(visitor, "Laptop Lou");
    await openConversationShowing(agent, "Laptop Lou");

    for (const [width, height] of [
      [1024, 768],
      [1280, 800],
    ] as const) {
      await agent.setViewportSize({ width, height });
      await expect.poll(() => agent.getByTestId("visitor-panel").isVisible()).toBe(false);
      expect(await widthOf(agent, "conversation"), `the conversation at ${width} px`).toBeGreaterThanOrEqual(420);
      expect(await widthOf(agent, "visitor-list"), `the visitor list at ${width} px`).toBeGreaterThanOrEqual(200);

      const toggle = agent.getByTestId("show-visitor");
      expect(await toggle.getAttribute("aria-expanded")).toBe("false");
      await toggle.click();
      await agent.getByTestId("visitor-panel").waitFor();
      expect(await toggle.getAttribute("aria-expanded")).toBe("true");
      await agent.getByTestId("visitor-panel-name").getByText("Laptop Lou").waitFor();
      // The drawer lies over the conversation, which keeps its width.
      expect(await widthOf(agent, "conversation")).toBeGreaterThanOrEqual(420);
      await agent.keyboard.press("Escape");
      await agent.getByTestId("visitor-panel").waitFor({ state: "hidden" });
      expect(await toggle.evaluate((el) => el.ownerDocument.activeElement === el)).toBe(true);
    }

    // Wide screens keep the three columns; phones keep one column at a time.
    await agent.setViewportSize({ width: 1600, height: 900 });
    await agent.getByTestId("visitor-panel").waitFor();
    expect(await agent.getByTestId("show-visitor").isVisible()).toBe(false);
    await agent.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => agent.getByTestId("visitor-list").isVisible()).toBe(false);
    expect(await widthOf(agent, "conversation")).toBeGreaterThan(340);
    await agent.getByTestId("show-visitor").click();
    await agent.getByTestId("visitor-panel").waitFor();
    expect(await agent.getByTestId("conversation").isVisible()).toBe(false);
    await agent.getByTestId("back-to-chat").click();
    await agent.getByTestId("conversation").waitFor();
    await agent.setViewportSize({ width: 1280, height: 800 });
  });

  it("no label is cut off in the console or the widget, in English and French, at 1024, 1280 and phone widths", async () => {
    const visitorPage = await newVisitor();
    const visitor = await openWidget(visitorPage);
    await visitor.getByText("What's your name?").waitFor();
    await visitorSays(visitor, "Label Lina");
    await openConversationShowing(agent, "Label Lina");
    // Assigned, so the message box and its hint show.
    await agent.getByTestId("assign").click();
    await agent.getByTestId("composer").waitFor({ state: "visible" });
    await expect.poll(() => agent.getByTestId("composer").isEnabled()).toBe(true);

    const frenchPage = await newVisitor();
    await openWidget(frenchPage, "/demo?interface=demo-support-fr");
    await frenchPage.frameLocator("#raibu-widget iframe").getByText("Comment vous appelez-vous").waitFor();

    for (const lang of ["en", "fr"] as const) {
      await agent.getByTestId(`lang-${lang}`).click();
      for (const [width, height] of [
        [1280, 800],
        [1024, 768],
        [390, 844],
      ] as const) {
        await agent.setViewportSize({ width, height });
        await agent.waitForTimeout(100);
        expect(await cutLabels(agent), `console, ${lang}, ${width} px`).toEqual([]);
        if (width > 900) {
          await agent.getByTestId("show-visitor").click();
          await agent.getByTestId("visitor-panel").waitFor();
          expect(await cutLabels(agent), `console with the visitor panel, ${lang}, ${width} px`).toEqual([]);
          await agent.keyboard.press("Escape");
        }
      }
      const page = lang === "en" ? visitorPage : frenchPage;
      for (const width of [320, 390, 1024]) {
        await page.setViewportSize({ width, height: 720 });
        await page.waitForTimeout(100);
        expect(await cutLabels(widgetFrame(page)), `widget, ${lang}, ${width} px`).toEqual([]);
      }
    }
    await agent.getByTestId("lang-en").click();
    await agent.setViewportSize({ width: 1280, height: 800 });
  });

  it("a link in an agent's message opens in a new tab from the widget, and the end of the conversation is said once", async () => {
    const visitorPage = await newVisitor();
    const visitor = await openWidget(visitorPage);
    await visitor.getByText("What's your name?").waitFor();
    await visitorSays(visitor, "Link Léa");
    await openConversationShowing(agent, "Link Léa");
    await agent.getByTestId("assign").click();
    const target = `${baseUrl}/demo/pricing`;
    await agentSays(agent, `Our prices: ${target}. Anything else?`);

    const link = visitor.getByRole("link", { name: target });
    await link.waitFor();
    expect(await link.getAttribute("target")).toBe("_blank");
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer");
    const [opened] = await Promise.all([visitorPage.context().waitForEvent("page"), link.click()]);
    await opened.waitForLoadState();
    expect(opened.url()).toBe(target);
    await opened.close();

    await agent.getByTestId("close-conversation").click();
    await agent.getByRole("dialog").getByRole("button", { name: "Close the conversation" }).click();
    await visitor.getByRole("button", { name: "Start a new conversation" }).waitFor();
    await visitor.getByText("The conversation has ended").first().waitFor();
    expect(await visitor.getByText("The conversation has ended").count()).toBe(1);
  });

  it("the call card gives the visitor's link a line of its own, readable on a laptop and a phone", async () => {
    const visitor = await openWidget(await newVisitor(), "/demo/pricing");
    await visitor.getByRole("button", { name: "Video chat" }).click();
    await agent.locator('[data-testid="visitor-row"][data-status="requested"]').first().click();
    await agent.getByTestId("accept").click();
    await agent.getByTestId("call-card").waitFor();
    for (const [width, height] of [
      [1024, 768],
      [390, 844],
    ] as const) {
      await agent.setViewportSize({ width, height });
      const field = await widthOf(agent, "call-visitor-link");
      const card = await widthOf(agent, "call-card");
      expect(field, `the link's field at ${width} px`).toBeGreaterThanOrEqual(Math.min(400, card * 0.6));
    }
    expect(await agent.getByTestId("call-visitor-link").inputValue()).toMatch(/\/call\//);
    await agent.setViewportSize({ width: 1280, height: 800 });
  });

  it("the visitor panel names the browser and keeps 'last seen' moving with the visitor", async () => {
    const visitorPage = await newVisitor();
    const visitor = await openWidget(visitorPage);
    await visitor.getByText("What's your name?").waitFor();
    await visitorSays(visitor, "Seen Sam");
    await agent.setViewportSize({ width: 1600, height: 900 });
    await openConversationShowing(agent, "Seen Sam");

    await expect.poll(() => agent.getByTestId("visitor-browser").textContent()).toMatch(/^Chrome \d+ on Linux$/);
    expect(await agent.getByTestId("visitor-last-seen").textContent()).toBe("Now");
    const openedAt = Date.parse((await agent.getByTestId("visitor-last-seen").getAttribute("datetime"))!);

    // The visitor writes, then leaves: "last seen" is when they left, not when their page loaded.
    await agent.waitForTimeout(1100);
    await visitorSays(visitor, "Thanks, bye");
    await visitorPage.close();
    await expect.poll(() => agent.getByTestId("conversation").locator(".presence-dot.on").count(), { timeout: 15_000 }).toBe(0);
    const lastSeen = Date.parse((await agent.getByTestId("visitor-last-seen").getAttribute("datetime"))!);
    expect(lastSeen).toBeGreaterThan(openedAt);
    // Offline, it stays at the moment they left while the words move on from "Now".
    await agent.waitForTimeout(1100);
    expect(Date.parse((await agent.getByTestId("visitor-last-seen").getAttribute("datetime"))!)).toBe(lastSeen);
    await agent.setViewportSize({ width: 1280, height: 800 });
  });

  it("a conversation from earlier days shows date separators where each day starts", async () => {
    const visitor = await openWidget(await newVisitor());
    await visitor.getByText("What's your name?").waitFor();
    await visitorSays(visitor, "Dated Dana");
    await openConversationShowing(agent, "Dated Dana");
    // Held today: no separator.
    expect(await agent.getByTestId("day-break").count()).toBe(0);

    // The same conversation read two days later.
    const later = await agentContext.newPage();
    await later.clock.setFixedTime(Date.now() + 2 * 86_400_000);
    await later.goto(agent.url());
    await later.getByTestId("messages").getByText("Dated Dana").first().waitFor();
    const separators = later.getByTestId("day-break");
    expect(await separators.count()).toBe(1);
    const expected = new Intl.DateTimeFormat("en-US", { weekday: "long" }).format(Date.now());
    expect(await separators.first().textContent()).toBe(expected);
    await later.close();
  });
});
