// After the chat and on the way back: a closed conversation offers its visitor a rating the agent
// then sees (header and live list), and a returning visitor finds their last conversation above the new one, as the
// agent finds it in the visitor panel.
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { openLivePage } from "./agent";
import { browserProfiles } from "./browser";
import { answerTheBot, openWidget } from "./visitor";

const newContext = browserProfiles();

/** Opens the lobby row of `name`'s conversation in `status`, and returns its id. */
async function openRow(agent: Page, name: string, status: string): Promise<string> {
  const row = agent.locator(`[data-testid="visitor-row"][data-status="${status}"]`).filter({ hasText: name }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
  await agent.getByTestId("conversation").waitFor();
  return (await row.getAttribute("data-conversation-id"))!;
}

describe("the rating after a chat, and a returning visitor's earlier conversation", () => {
  let agentContext: BrowserContext;
  let visitorContext: BrowserContext;

  beforeAll(async () => {
    [agentContext, visitorContext] = await Promise.all([newContext(), newContext()]);
  });

  it("a closed conversation offers a rating that the agent then sees; a returning visitor sees their last conversation", async () => {
    const agent = await openLivePage(agentContext);

    const visitorPage = await visitorContext.newPage();
    const visitor = await openWidget(visitorPage);
    await answerTheBot(visitor, { name: "Oscar Lemaire", email: "oscar@lemaire.example", message: "Is the Roadster in stock in size M?" });
    // A new visitor has nothing earlier to show.
    expect(await visitor.getByTestId("history-toggle").count()).toBe(0);

    const first = await openRow(agent, "Oscar Lemaire", "bot");
    await agent.getByTestId("assign").click();
    await agent.getByTestId("composer").fill("Yes, two are left in size M.");
    await agent.getByTestId("send").click();
    await visitor.getByText("Yes, two are left in size M.").waitFor();
    await agent.getByTestId("close-conversation").click();
    await agent.getByRole("dialog").getByRole("button", { name: "Close" }).last().click();

    // The visitor rates with the keyboard: the stars are one radio group.
    await visitor.getByTestId("rating-form").waitFor();
    await visitor.getByTestId("rating-1").focus();
    for (let i = 0; i < 3; i++) await visitorPage.keyboard.press("ArrowRight");
    expect(await visitor.getByTestId("rating-4").isChecked()).toBe(true);
    await visitor.getByTestId("rating-comment").fill("Quick and clear");
    await visitor.getByTestId("rating-send").click();
    await visitor.getByTestId("rating-thanks").waitFor();

    // The agent sees it at once, and again after a reload.
    const rating = agent.getByTestId("conversation-rating");
    await rating.waitFor();
    expect(await rating.getAttribute("data-score")).toBe("4");
    expect(await rating.textContent()).toContain("Quick and clear");
    await agent.reload();
    await agent.getByTestId("conversation-rating").getByText("Quick and clear").waitFor();
    expect(await agent.getByTestId("conversation-rating").getAttribute("data-score")).toBe("4");
    // And on the conversation's row in the live list.
    const ratedRow = agent.locator(`[data-testid="visitor-row"][data-conversation-id="${first}"]`);
    expect(await ratedRow.getByTestId("row-rating").getAttribute("data-score")).toBe("4");

    // The visitor comes back later: their last conversation waits, folded, above the new one.
    await visitorPage.reload();
    await visitorPage.locator("#raibu-widget button").first().click();
    const toggle = visitor.getByTestId("history-toggle");
    await toggle.waitFor();
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
    expect(await visitor.getByText("Is the Roadster in stock in size M?").count()).toBe(0);
    await toggle.click();
    const history = visitor.getByTestId("history-conversation");
    await history.getByText("Is the Roadster in stock in size M?").waitFor();
    await history.getByText("Yes, two are left in size M.").waitFor();

    // The agent finds that conversation in the new one's visitor panel, with its rating, and opens it.
    const second = await openRow(agent, "Oscar Lemaire", "bot");
    expect(second).not.toBe(first);
    const past = agent.locator(`[data-testid="past-conversation"][data-conversation-id="${first}"]`);
    await past.waitFor();
    expect(await past.getByTestId("past-rating").getAttribute("data-score")).toBe("4");
    await past.click();
    await agent.waitForURL(new RegExp(`/live/${first}$`));
    await agent.getByTestId("messages").getByText("Is the Roadster in stock in size M?").waitFor();
  });
});
