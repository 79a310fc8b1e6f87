// The visitor's first minute as the agent sees it, in real browsers on the demo site: a question
// typed where the bot asks for a name stays a message, what the bot collects reaches the agent's
// panel and contact form at once, and a visitor the team knows is not asked their name again.
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { openLivePage } from "./agent";
import { browserProfiles } from "./browser";
import { openWidget, visitorSays } from "./visitor";

const newContext = browserProfiles();

/** Opens the conversation whose lobby row shows `text` (a name, or the last message) and returns its id. */
async function openConversationShowing(agent: Page, text: string, except?: string): Promise<string> {
  const rows = agent.getByTestId("visitor-row").filter({ hasText: text });
  const row = except ? rows.and(agent.locator(`[data-conversation-id]:not([data-conversation-id="${except}"])`)).first() : rows.first();
  await row.waitFor({ timeout: 15_000 });
  const id = (await row.getAttribute("data-conversation-id"))!;
  await row.click();
  await agent.locator(`[data-testid="conversation"][data-conversation-id="${id}"]`).waitFor();
  return id;
}

describe("the visitor's first minute, seen by the agent", () => {
  let agentContext: BrowserContext;
  let visitorContext: BrowserContext;
  let knownVisitorContext: BrowserContext;

  beforeAll(async () => {
    [agentContext, visitorContext, knownVisitorContext] = await Promise.all([newContext(), newContext(), newContext()]);
  });

  it("a name question answered with a question keeps it as a message and does not rename the visitor; the name given next relabels it", async () => {
    const agent = await openLivePage(agentContext);
    const visitor = await openWidget(await visitorContext.newPage());
    await visitor.getByText("What's your name?").waitFor();
    await visitorSays(visitor, "Do you deliver cargo bikes to Lyon?");
    // The visitor is told their question went to the team, and asked again.
    await visitor.getByText("Your message was passed on to the team").waitFor();
    await visitor.getByText("Could you tell me your name?").waitFor();

    // Its lobby row ends on the bot asking again (no other visitor of this run is at that point).
    await openConversationShowing(agent, "Could you tell me your name?");
    const header = agent.getByTestId("conversation-visitor");
    expect(await header.textContent()).toMatch(/^Visitor #\d+$/);
    const messages = agent.getByTestId("messages");
    await messages.getByTestId("notice").filter({ hasText: "Not taken as the visitor's name" }).waitFor();
    const question = messages.getByTestId("message").filter({ hasText: "Do you deliver cargo bikes to Lyon?" });
    expect(await question.locator(".msg-author").textContent()).toMatch(/Visitor #\d+/);
    expect(await agent.getByTestId("visitor-panel-name").textContent()).toMatch(/Visitor #\d+/);

    // The name that follows is taken, and the question reads as hers.
    await visitorSays(visitor, "Marie Curie");
    await visitor.getByText("What's your email address").waitFor();
    await header.getByText("Marie Curie").waitFor();
    await question.locator(".msg-author").getByText("Marie Curie").waitFor();
    await agent.getByTestId("visitor-panel-name").getByText("Marie Curie").waitFor();
  });

  it("an email given in the widget appears in the agent's panel without reload and pre-fills the contact form; a returning known visitor is not asked their name again", async () => {
    const agent = await openLivePage(agentContext);
    const visitorPage = await knownVisitorContext.newPage();
    const visitor = await openWidget(visitorPage);
    await visitor.getByText("What's your name?").waitFor();
    await visitorSays(visitor, "Zelda Ravel");
    await visitor.getByText("What's your email address").waitFor();

    // The agent has the conversation open before the email is given.
    const first = await openConversationShowing(agent, "Zelda Ravel");
    expect(await agent.getByTestId("visitor-email").textContent()).not.toContain("@");

    // A wrong email: the widget offers to decline instead of asking forever.
    await visitorSays(visitor, "zelda at ravel");
    await visitor.getByTestId("flow-choice").getByText("I'd rather not").waitFor();
    await visitorSays(visitor, "zelda@ravel.example");
    await visitor.getByText("Would you like to talk to someone from the team?").waitFor();
    expect(await visitor.getByTestId("flow-choice").count()).toBe(0);

    await agent.getByTestId("visitor-email").getByText("zelda@ravel.example").waitFor();
    await agent.getByTestId("mark-contact").click();
    const form = agent.getByTestId("contact-form");
    expect(await form.getByLabel("Email").inputValue()).toBe("zelda@ravel.example");
    expect(await form.getByLabel("Name").inputValue()).toBe("Zelda Ravel");
    await form.getByRole("button", { name: "Cancel" }).first().click();

    // The agent closes it; the visitor starts another and the bot goes straight past what it knows.
    await agent.getByTestId("close-conversation").click();
    await agent.getByRole("dialog").getByRole("button", { name: "Close" }).last().click();
    // Later, the visitor comes back to the site and opens the chat: a new conversation starts.
    await agent.locator(`[data-testid="conversation"][data-status="closed"]`).waitFor();
    await visitorPage.reload();
    await visitorPage.locator("#raibu-widget button").first().click();
    await visitor.getByLabel("Your message").waitFor();
    const second = await openConversationShowing(agent, "Zelda Ravel", first);
    expect(second).not.toBe(first);
    const messages = agent.getByTestId("messages");
    await messages.getByText("Would you like to talk to someone from the team?").waitFor();
    expect(await messages.getByText("What's your name?").count()).toBe(0);
    expect(await messages.getByText("What's your email address", { exact: false }).count()).toBe(0);
    // The widget waits on the offer, not on a name.
    expect(await visitor.getByLabel("Your message").getAttribute("placeholder")).not.toBe("Your name");
  });
});
