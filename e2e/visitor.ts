// The visitor's side of the browser tests: open the widget on the demo site and write in it.
import type { FrameLocator, Page } from "playwright-core";
import { inject } from "vitest";

/** Opens the demo site (or another page of the server) and the chat; resolves once the message box is there. */
export async function openWidget(page: Page, path = "/demo"): Promise<FrameLocator> {
  await page.goto(`${inject("baseUrl")}${path}`);
  await page.locator("#raibu-widget button").first().click();
  const frame = page.frameLocator("#raibu-widget iframe");
  // The box by its role: its label is in the interface's language.
  await frame.getByRole("textbox").first().waitFor();
  return frame;
}

/** Writes and sends a message as the visitor; resolves once it shows in the widget. */
export async function visitorSays(frame: FrameLocator, text: string) {
  await frame.getByLabel("Your message").fill(text);
  await frame.getByRole("button", { name: "Send" }).click();
  await frame.getByText(text).first().waitFor();
}

/** Answers the demo flow's bot: a name, an email, then the visitor's first message. */
export async function answerTheBot(frame: FrameLocator, answers: { name: string; email: string; message: string }) {
  await frame.getByText("What's your name?").waitFor();
  await visitorSays(frame, answers.name);
  await frame.getByText("What's your email address").waitFor();
  await visitorSays(frame, answers.email);
  await frame.getByText("Would you like to talk to someone from the team?").waitFor();
  await visitorSays(frame, answers.message);
}
