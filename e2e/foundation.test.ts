import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import { launchBrowser } from "./browser";

const baseUrl = inject("baseUrl");
let context: BrowserContext;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  ({ context, close: closeBrowser } = await launchBrowser());
});
afterAll(async () => closeBrowser?.());

describe("the console in a real browser", () => {
  it("an agent signs in through the login page, sees the shell, and logs out", async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/app/`);
    await page.waitForURL(/\/app\/login/);
    await page.getByLabel("Email").fill("admin@raibu.local");
    await page.getByLabel("Password").fill("raibu-admin");
    await page.getByRole("button", { name: "Sign in" }).click();

    const nav = page.getByTestId("main-nav");
    await nav.waitFor();
    for (const label of ["Dashboard", "Live conversations", "Offline messages", "Contacts", "Settings"]) {
      await nav.getByRole("link", { name: label }).waitFor({ state: "visible" });
    }
    await expect.poll(() => page.getByTestId("agent-name").textContent()).toBe("Alex Martin");

    await page.getByTestId("logout").click();
    await page.waitForURL(/\/app\/login/);
    // The session is gone on the server too: the console sends us back to the login page.
    await page.goto(`${baseUrl}/app/settings`);
    await page.waitForURL(/\/app\/login/);
    await page.close();
  });

  it("a wrong password shows an error and stays on the login page", async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/app/login`);
    await page.getByLabel("Email").fill("admin@raibu.local");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Wrong email or password");
    expect(page.url()).toContain("/app/login");
    await page.close();
  });

  it("a local run keeps emails in the dev outbox, where an admin reads a password-reset email", async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/app/reset`);
    await page.getByLabel("Email").fill("agent@raibu.local");
    await page.getByRole("button", { name: "Send the link" }).click();
    await page.getByText("If an account exists for this email").waitFor();

    await page.goto(`${baseUrl}/app/login`);
    await page.getByLabel("Email").fill("admin@raibu.local");
    await page.getByLabel("Password").fill("raibu-admin");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("main-nav").getByRole("link", { name: "Dev outbox" }).click();
    const item = page.getByTestId("outbox-item").filter({ hasText: "agent@raibu.local" }).first();
    await expect.poll(() => item.textContent(), { timeout: 10_000 }).toContain("Reset your Raibu password");
    await item.click();
    await expect.poll(() => page.getByTestId("outbox-reader").textContent()).toContain("/app/reset/");

    await page.getByTestId("logout").click();
    await page.waitForURL(/\/app\/login/);
    await page.close();
  });
});

describe("the demo site", () => {
  it("shows the widget launcher, which opens the chat window", async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/demo`);
    const launcher = page.locator("#raibu-widget").locator("button");
    await launcher.waitFor({ state: "visible" });
    await launcher.click();
    expect(await launcher.getAttribute("aria-expanded")).toBe("true");
    const frame = page.frameLocator("#raibu-widget iframe");
    await frame.getByRole("heading", { level: 1 }).waitFor({ state: "visible" });
    await page.close();
  });

  it("opens from the keyboard with the focus in the message box, even before its conversation is ready, and Escape closes it with the focus back on the launcher", async () => {
    const page = await context.newPage();
    // A slow network: the window opens while the message box still waits for the conversation.
    await page.route("**/api/widget/session", async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await page.goto(`${baseUrl}/demo`);
    const launcher = page.locator("#raibu-widget").locator("button");
    await launcher.waitFor({ state: "visible" });
    await launcher.focus();
    await page.keyboard.press("Enter");
    const frame = page.frameLocator("#raibu-widget iframe");
    const box = frame.getByLabel("Your message");
    await expect.poll(() => box.evaluate((el) => el.ownerDocument.activeElement === el), { timeout: 10_000 }).toBe(true);
    await page.keyboard.press("Escape");
    await expect.poll(() => launcher.getAttribute("aria-expanded")).toBe("false");
    await expect.poll(() => launcher.evaluate((el) => (el.getRootNode() as unknown as { activeElement: unknown }).activeElement === el)).toBe(true);
    await page.close();
  });
});
