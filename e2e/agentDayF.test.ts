// Business hours and away, in real browsers: with every agent away the widget says nobody is
// available instead of promising someone; business hours set in the console (with its errors)
// close the chat for a visitor, who is told when the team is back. Leaves the demo as it found it.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { browserProfiles, signIn } from "./browser";
import { openWidget } from "./visitor";

const baseUrl = inject("baseUrl");
const newContext = browserProfiles();

/** Sets the signed-in agent's availability with the console's toggle (it reads "Online — switch to Away"). */
async function setAvailability(agent: Page, status: "Online" | "Away") {
  const toggle = agent.getByTestId("availability");
  if (!(await toggle.textContent())?.trim().startsWith(status)) await toggle.click();
  await agent.getByTestId("availability").filter({ hasText: new RegExp(`^\\s*${status}`) }).waitFor();
}

describe("business hours and away", () => {
  let agentContext: BrowserContext;
  let agent: Page;

  beforeAll(async () => {
    agentContext = await newContext();
    agent = await agentContext.newPage();
    await signIn(agent, baseUrl, "admin@raibu.local", "raibu-admin");
  });

  afterAll(async () => {
    // The seeded admin is online for the browser tests that follow.
    await setAvailability(agent, "Online");
  });

  it("with every agent away, the widget says nobody is available instead of promising someone", async () => {
    await agent.getByTestId("main-nav").getByRole("link", { name: "Live conversations" }).click();
    await agent.getByTestId("live-page").waitFor();
    await setAvailability(agent, "Away");

    const visitor = await openWidget(await (await newContext()).newPage(), "/demo/pricing");
    await visitor.getByRole("button", { name: "Talk to a person" }).click();
    await visitor.getByText("No one is online right now. Your request stays open in case someone comes back.").waitFor();
    await visitor.getByText("No one is online right now", { exact: true }).waitFor();
    // The demo's waiting text promises someone: not shown while nobody is there.
    expect(await visitor.getByText("Someone from the team will be with you shortly.").count()).toBe(0);

    // Back online, the next visitor is told someone will come.
    await setAvailability(agent, "Online");
    const next = await openWidget(await (await newContext()).newPage(), "/demo/pricing");
    await next.getByRole("button", { name: "Talk to a person" }).click();
    await next.getByText("Someone from the team will be with you shortly.").waitFor();
  });

  it("business hours set in the console close the chat outside them, and the visitor is told when the team is back", async () => {
    await agent.goto(`${baseUrl}/app/settings/interfaces/demo-website`);
    const section = agent.getByTestId("business-hours");
    await section.waitFor();
    const zone = section.getByLabel("Team time zone");
    const zoneBefore = await zone.inputValue();

    // Open tomorrow only (in Paris), so it is closed now whatever the time of the run.
    const tomorrow = new Intl.DateTimeFormat("en-US", { weekday: "long", timeZone: "Europe/Paris" }).format(Date.now() + 86_400_000);
    await section.getByTestId("hours-enabled").check();
    await zone.fill("Mars/Olympus");
    await section.getByRole("button", { name: `Add hours on ${tomorrow}` }).click();
    const range = section.getByRole("group", { name: `${tomorrow}, hours 1` });
    await range.getByLabel("Closes").fill("08:00");
    await section.getByTestId("hours-save").click();
    await range.getByText("Closes before it opens.").waitFor();
    await section.getByText("Choose a time zone from the list, like Europe/Paris.").waitFor();
    await section.getByText("Check the highlighted hours.").waitFor();

    await zone.fill("Europe/Paris");
    await range.getByLabel("Closes").fill("17:00");
    expect(await range.getByText("Closes before it opens.").count()).toBe(0);
    await section.getByTestId("hours-save").click();
    await section.getByText("Business hours saved.").waitFor();

    try {
      // The agent is online, but the team is closed: the visitor is not made to wait.
      const visitor = await openWidget(await (await newContext()).newPage(), "/demo");
      await visitor.getByRole("button", { name: "Talk to a person" }).click();
      const closed = visitor.getByText("We’re closed right now. We’ll be back", { exact: false });
      await closed.waitFor();
      expect(await closed.textContent()).toContain(tomorrow);
      expect(await visitor.getByText("Someone from the team will be with you shortly.").count()).toBe(0);
      await visitor.getByText("No one is available right now.").waitFor();
    } finally {
      // Hours off and the zone as it was, for the browser tests that follow.
      await section.getByTestId("hours-enabled").uncheck();
      await zone.fill(zoneBefore);
      await section.getByTestId("hours-save").click();
      await section.getByText("Business hours saved.").waitFor();
    }
  });
});
