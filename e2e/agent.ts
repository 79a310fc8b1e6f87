// The agent's side of the browser tests: sign in to the console and open the live page.
import type { BrowserContext, Page } from "playwright-core";
import { inject } from "vitest";
import { signIn } from "./browser";

/**
 * Signs in as the seeded admin in a new page of `context` and opens Live conversations, on a screen
 * wide enough for the visitor panel to have its own column beside the conversation.
 */
export async function openLivePage(context: BrowserContext): Promise<Page> {
  const agent = await context.newPage();
  await agent.setViewportSize({ width: 1600, height: 900 });
  await signIn(agent, inject("baseUrl"), "admin@raibu.local", "raibu-admin");
  await agent.getByTestId("main-nav").getByRole("link", { name: "Live conversations" }).click();
  await agent.getByTestId("live-page").waitFor();
  return agent;
}
