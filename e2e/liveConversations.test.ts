import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { openLivePage } from "./agent";
import { browserProfiles } from "./browser";
import { answerTheBot, openWidget, visitorSays } from "./visitor";

const newContext = browserProfiles();

const rowOf = (page: Page, conversationId: string) => page.locator(`[data-testid="visitor-row"][data-conversation-id="${conversationId}"]`);

/** The conversation the visitor's widget is on, read from the lobby row that shows their message. */
async function conversationIdShowing(page: Page, text: string): Promise<string> {
  const row = page.getByTestId("visitor-row").filter({ hasText: text }).first();
  await row.waitFor({ timeout: 15_000 });
  return (await row.getAttribute("data-conversation-id"))!;
}

describe("live conversations in real browsers", () => {
  let agentContext: BrowserContext;
  let visitorContext: BrowserContext;
  let secondVisitorContext: BrowserContext;

  beforeAll(async () => {
    [agentContext, visitorContext, secondVisitorContext] = await Promise.all([newContext(), newContext(), newContext()]);
  });

  it("a visitor answers the bot and writes, the agent takes over, they talk, a second visitor's request is accepted, the visitor becomes a contact with a note, and a reload keeps it all", async () => {
    // The agent opens the live page on a wide screen, where the visitor panel sits beside the
    // conversation (laptop widths fold it into a drawer: e2e/agentDayA.test.ts).
    const agent = await openLivePage(agentContext);

    // A visitor on the demo site answers the bot's questions, then writes.
    const visitorPage = await visitorContext.newPage();
    const visitor = await openWidget(visitorPage);
    await answerTheBot(visitor, { name: "Jeanne", email: "jeanne@moreau.example", message: "Hello, do you deliver to Lyon?" });
    // The bot answers while nobody has taken over.
    await visitor.getByText("If you'd like to talk to a person").waitFor();

    // The agent sees the visitor live, by the name the bot learnt, on the page they are on.
    await agent.getByTestId("search").fill("Lyon");
    const conversationId = await conversationIdShowing(agent, "Jeanne");
    await agent.getByTestId("search").fill("");
    const row = rowOf(agent, conversationId);
    await row.waitFor();
    expect(await row.getByTestId("visitor-online").getAttribute("data-online")).toBe("true");
    await row.click();
    await agent.getByTestId("conversation").waitFor();
    await agent.getByTestId("messages").getByText("Hello, do you deliver to Lyon?").waitFor();
    await agent.getByTestId("visitor-page").getByText("Northwind Bikes — city bikes built to last").waitFor();

    // « Assign to me »: the bot stops and the visitor is told who took over.
    await agent.getByTestId("assign").click();
    await visitor.getByText("Alex Martin has taken over the chat").waitFor();
    await agent.getByTestId("composer").fill("Hi! Yes, we deliver to Lyon in 3 days.");
    await agent.getByTestId("send").click();
    await visitor.getByText("Hi! Yes, we deliver to Lyon in 3 days.").waitFor();
    await visitorSays(visitor, "Great, thanks!");
    await agent.getByTestId("messages").getByText("Great, thanks!").waitFor();
    // Text is text, never markup.
    await visitorSays(visitor, "<b>bold?</b>");
    await agent.getByTestId("messages").getByText("<b>bold?</b>").waitFor();

    // A second visitor asks for a person; the agent is told and accepts.
    const secondPage = await secondVisitorContext.newPage();
    const second = await openWidget(secondPage, "/demo/pricing");
    await second.getByRole("button", { name: "Talk to a person" }).click();
    await second.getByText("Someone from the team will be with you shortly.").waitFor();
    await expect.poll(async () => (await agent.getByTestId("requests-badge").textContent())?.trim(), { timeout: 15_000 }).toBe("1");
    const requested = agent.locator('[data-testid="visitor-row"][data-status="requested"]').first();
    await requested.click();
    await agent.getByTestId("accept").click();
    await second.getByText("Alex Martin accepted the request").waitFor();
    await agent.getByTestId("composer").fill("Hello, how can I help with pricing?");
    await agent.getByTestId("send").click();
    await second.getByText("Hello, how can I help with pricing?").waitFor();

    // Back to the first visitor: « Mark as contact » and a note.
    await rowOf(agent, conversationId).click();
    await agent.getByTestId("mark-contact").click();
    const form = agent.getByTestId("contact-form");
    // What the bot collected is there (or arrives while the form is open, right after the switch).
    await expect.poll(() => form.getByLabel("Email").inputValue()).toBe("jeanne@moreau.example");
    await expect.poll(() => form.getByLabel("Name").inputValue()).toBe("Jeanne");
    await form.getByLabel("Name").fill("Jeanne Moreau");
    await form.getByLabel("Company").fill("Moreau SARL");
    await form.getByLabel("City").fill("Lyon");
    await agent.getByTestId("contact-save").click();
    await agent.getByTestId("contact-saved").waitFor();
    await agent.getByLabel("New note").fill("Wants two cargo bikes before June");
    await agent.getByTestId("add-note").click();
    await agent.getByTestId("note").filter({ hasText: "Wants two cargo bikes before June" }).waitFor();

    // Both pages reload: history, assignment, contact and note are still there.
    await agent.reload();
    await agent.getByTestId("messages").getByText("Great, thanks!").waitFor();
    expect(await agent.getByTestId("assignee").textContent()).toContain("Assigned to you");
    expect(await agent.getByTestId("composer").isEnabled()).toBe(true);
    await agent.getByTestId("visitor-panel-name").getByText("Jeanne Moreau").waitFor();
    await agent.getByTestId("contact-badge").waitFor();
    await agent.getByTestId("note").filter({ hasText: "Wants two cargo bikes before June" }).waitFor();
    await rowOf(agent, conversationId).getByText("Jeanne Moreau").waitFor();

    await visitorPage.reload();
    await visitorPage.locator("#raibu-widget button").first().click();
    await visitor.getByText("Hi! Yes, we deliver to Lyon in 3 days.").waitFor();
    await visitor.getByText("Alex Martin has taken over the chat").waitFor();
    await visitor.getByText("Great, thanks!").waitFor();
  });
});
