import type { BrowserContext, FrameLocator, Locator, Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { browserProfiles, signIn } from "./browser";

const baseUrl = inject("baseUrl");
const newContext = browserProfiles();

const card = (page: Page, stepId: string) => page.locator(`[data-testid="step-card"][data-step-id="${stepId}"]`);

/** Adds a step of `kind` from the "Add a step" menu and returns its id (the newest card of that kind). */
async function addStep(page: Page, kind: string): Promise<string> {
  const before = await page.locator(`[data-testid="step-card"][data-kind="${kind}"]`).count();
  await page.getByTestId("add-step").selectOption(kind);
  const added = page.locator(`[data-testid="step-card"][data-kind="${kind}"]`).nth(before);
  await added.waitFor();
  return (await added.getAttribute("data-step-id"))!;
}

async function linkNext(step: Locator, target: string) {
  await step.getByLabel("Next step", { exact: true }).selectOption(target);
}

describe("the flow builder in a real browser", () => {
  let adminContext: BrowserContext;
  let visitorContext: BrowserContext;

  beforeAll(async () => {
    [adminContext, visitorContext] = await Promise.all([newContext(), newContext()]);
  });

  it("an admin builds message → buttons → question → live chat and publishes it; a visitor walks it in the widget and an agent accepts the request", async () => {
    const admin = await adminContext.newPage();
    await signIn(admin, baseUrl, "admin@raibu.local", "raibu-admin");

    // A new chat interface for the local demo site.
    await admin.goto(`${baseUrl}/app/settings/interfaces`);
    await admin.getByTestId("new-interface").click();
    const form = admin.getByTestId("interface-form");
    await form.getByLabel("Name", { exact: true }).fill("Bike shop");
    await admin.getByTestId("add-origin").click();
    await admin.getByTestId("origin-input").last().fill("http://localhost:*");
    await admin.getByTestId("interface-save").click();
    await admin.getByTestId("embed-snippet").waitFor();
    const snippet = await admin.getByTestId("embed-snippet").textContent();
    const interfaceId = /data-interface="([^"]+)"/.exec(snippet ?? "")![1]!;

    // The live preview is the real widget, following the form before it is saved.
    const preview = admin.frameLocator('[data-testid="widget-preview"]');
    await form.getByLabel("Title", { exact: true }).fill("Bike shop chat");
    await preview.getByRole("heading", { name: "Bike shop chat" }).waitFor();
    await admin.getByTestId("interface-save").click();
    await admin.getByText("Changes saved.").waitFor();

    // Its flow starts as the default one: a greeting, then the Live chat component.
    await admin.getByTestId("edit-flow").click();
    await admin.getByTestId("flow-editor").waitFor();
    const greeting = card(admin, "greeting");
    const human = card(admin, "human");
    await greeting.getByLabel("Text", { exact: true }).fill("Welcome to the bike shop!");

    const question = await addStep(admin, "question");
    await card(admin, question).getByLabel("Text", { exact: true }).fill("What's your email, so we can follow up?");
    await card(admin, question).getByLabel("Field", { exact: true }).selectOption("email");
    await linkNext(card(admin, question), "human");

    const buttons = await addStep(admin, "buttons");
    const buttonsCard = card(admin, buttons);
    await buttonsCard.getByLabel("Text", { exact: true }).fill("What are you looking for?");
    if ((await buttonsCard.getByTestId("choice-row").count()) === 0) await buttonsCard.getByTestId("add-choice").click();
    const sales = buttonsCard.getByTestId("choice-row").first();
    await sales.getByLabel("Button label").fill("A new bike");
    await sales.getByLabel("Next step", { exact: true }).selectOption(question);
    await buttonsCard.getByTestId("add-choice").click();
    const other = buttonsCard.getByTestId("choice-row").nth(1);
    await other.getByLabel("Button label").fill("A repair");
    await other.getByLabel("Next step", { exact: true }).selectOption("human");

    // Until the greeting leads to the buttons, nothing reaches them: the editor says so.
    await admin.getByTestId("flow-problems").locator(`[data-code="unreachable"][data-step-id="${buttons}"]`).waitFor();
    expect(await admin.getByTestId("publish-flow").isDisabled()).toBe(true);
    await linkNext(greeting, buttons);
    await admin.getByTestId("flow-ok").waitFor();
    await human.getByLabel("Timeout (seconds)").fill("90");
    await admin.getByTestId("flow-outline").getByText("A new bike").waitFor();

    await admin.getByTestId("publish-flow").click();
    await admin.getByText("Version 2 published.").waitFor();
    expect(await admin.getByTestId("flow-status").textContent()).toContain("Published: version 2");

    // A visitor on the demo site with this interface walks the flow.
    const visitorPage = await visitorContext.newPage();
    await visitorPage.goto(`${baseUrl}/demo?interface=${interfaceId}`);
    await visitorPage.locator("#raibu-widget button").first().click();
    const widget: FrameLocator = visitorPage.frameLocator("#raibu-widget iframe");
    await widget.getByText("Welcome to the bike shop!").waitFor();
    await widget.getByText("What are you looking for?").waitFor();
    await widget.getByTestId("flow-choices").getByRole("button", { name: "A new bike" }).click();
    await widget.getByText("What's your email, so we can follow up?").waitFor();
    // The message box asks for an email; a bad one is asked again.
    expect(await widget.getByLabel("Your message").getAttribute("type")).toBe("email");
    await widget.getByLabel("Your message").fill("not-an-email");
    await widget.getByRole("button", { name: "Send" }).click();
    await widget.getByText("That doesn't look like an email address").waitFor();
    await widget.getByLabel("Your message").fill("jeanne@moreau.example");
    await widget.getByRole("button", { name: "Send" }).click();

    // The Live chat component: the visitor asks for a person, and the agent accepts.
    await widget.getByRole("button", { name: "Talk to a person" }).click();
    await admin.getByTestId("main-nav").getByRole("link", { name: "Live conversations" }).click();
    const requested = admin.locator('[data-testid="visitor-row"][data-status="requested"]').filter({ hasText: "Bike shop" }).first();
    await requested.click();
    await admin.getByTestId("accept").click();
    await widget.getByText("Alex Martin accepted the request").waitFor();
    await admin.getByTestId("messages").getByText("jeanne@moreau.example").waitFor();
  });
});
