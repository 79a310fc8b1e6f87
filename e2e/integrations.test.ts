// Settings → Integrations in real browsers: an admin adds a webhook endpoint (an address that is not
// https is pointed out before sending, a private one refused in the server's words), sees its signing
// secret once, sends a test and watches the delivery in the log; connects HubSpot with a token the
// provider cannot accept here (offline, or refused) and is told so; an agent finds the page is the
// admins' (in French too) and no tab leads there. The page fits a 1024 px screen and a phone.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { apiSession, type ApiSession } from "./adminApi";
import { browserProfiles, signIn } from "./browser";

const baseUrl = inject("baseUrl");
const newContext = browserProfiles();

/** Whether the page scrolls sideways (something wider than the window). */
const overflows = (page: Page) => page.evaluate<boolean>("document.documentElement.scrollWidth > window.innerWidth + 1");

describe("Settings → Integrations in real browsers", () => {
  let admin: ApiSession;

  beforeAll(async () => {
    admin = await apiSession(baseUrl, "admin@raibu.local", "raibu-admin");
  });

  it(
    "an admin adds an https endpoint (http pointed out first, a private address refused with the server's words), sees its secret once, sends a test and the delivery shows in the log with its attempt",
    async () => {
      const page = await (await newContext()).newPage();
      await signIn(page, baseUrl, "admin@raibu.local", "raibu-admin");
      await page.goto(`${baseUrl}/app/settings`);
      await page.getByTestId("settings-integrations").click();
      await page.getByTestId("integrations").waitFor();
      await page.getByRole("heading", { name: "Webhooks" }).waitFor();

      await page.getByTestId("webhook-add").click();
      const editor = page.getByTestId("webhook-editor");
      const url = editor.getByLabel("Endpoint URL");
      // Nothing ticked and no address: both said, nothing sent.
      await editor.getByTestId("webhook-submit").click();
      await editor.getByText("Enter the endpoint’s address.").waitFor();
      await editor.getByText("Pick at least one event.").waitFor();
      await editor.getByText("A visitor books an appointment.").waitFor();

      await url.fill("http://hooks.example.com/raibu");
      await editor.getByTestId("webhook-event-contact.created").check();
      await editor.getByTestId("webhook-event-contact.deleted").check();
      await editor.getByTestId("webhook-submit").click();
      await editor.getByText("Use an https:// address.").waitFor();
      expect(await url.getAttribute("aria-invalid")).toBe("true");

      // The server alone knows a private host: its refusal is shown on the address.
      await url.fill("https://10.0.0.1/x");
      await editor.getByTestId("webhook-submit").click();
      await editor.getByText("This address is not on the public internet. Use a public https:// address.").waitFor();
      expect((await admin.call<{ endpoints: unknown[] }>("GET", "/api/webhooks")).endpoints.some((e) => (e as { url: string }).url.includes("10.0.0.1"))).toBe(false);

      const address = `https://hooks.example.com/raibu-e2e-${Date.now()}`;
      await url.fill(address);
      await editor.getByTestId("webhook-submit").click();
      const dialog = page.getByTestId("webhook-secret");
      await dialog.waitFor();
      await dialog.getByText("it is shown only this once").waitFor();
      const secret = (await dialog.getByTestId("webhook-secret-value").textContent())!.trim();
      // base64url: letters, digits, - and _ (32 random bytes are 43 of them).
      expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      await dialog.getByTestId("webhook-secret-copy").waitFor();
      await dialog.getByTestId("webhook-secret-done").click();
      await dialog.waitFor({ state: "hidden" });
      // Never again: not on the page, not in the list the API gives.
      expect(await page.content()).not.toContain(secret);
      expect(JSON.stringify(await admin.call("GET", "/api/webhooks"))).not.toContain(secret);

      const endpoint = page.locator(`[data-testid="webhook"][data-url="${address}"]`);
      await endpoint.getByText("Active").waitFor();
      await endpoint.getByText("contact.deleted").waitFor();
      await endpoint.getByTestId("webhook-test").click();
      await page.getByTestId("webhooks-status").getByText("A test delivery was sent").waitFor();
      const row = endpoint.getByTestId("delivery-row").first();
      await row.waitFor();
      expect(await row.getAttribute("data-event")).toBe("ping");
      // The receiver cannot be reached from here: the log shows the attempt and its error once the queue has tried.
      await expect.poll(async () => Number(await row.locator('td[data-label="Attempts"]').textContent()), { timeout: 45_000, interval: 1000 }).toBeGreaterThanOrEqual(1);
      expect((await row.locator('td[data-label="Last error"]').textContent())?.trim()).not.toBe("—");
      expect(await row.getAttribute("data-status")).not.toBe("delivered");

      // Pause: it stands out with « Resume », and « Send test » waits for it.
      await endpoint.getByTestId("webhook-pause").click();
      await endpoint.getByTestId("webhook-paused").waitFor();
      expect(await endpoint.getByTestId("webhook-test").isDisabled()).toBe(true);
      await endpoint.getByTestId("webhook-resume").click();
      await endpoint.getByTestId("webhook-paused").waitFor({ state: "detached" });
      // The endpoint changed in place: its log is still open, with the delivery.
      await endpoint.getByTestId("delivery-log").getByTestId("delivery-row").first().waitFor();

      for (const width of [1024, 390]) {
        await page.setViewportSize({ width, height: 800 });
        await page.waitForTimeout(100);
        expect(await overflows(page), `the page at ${width} px`).toBe(false);
      }
      await page.setViewportSize({ width: 1280, height: 800 });

      // Delete, after confirming.
      await endpoint.getByTestId("webhook-delete").click();
      await page.getByRole("button", { name: "Delete the endpoint" }).click();
      await endpoint.waitFor({ state: "detached" });
    },
  );

  it("an admin connecting HubSpot with a token the provider does not accept here is told why, and nothing is connected", async () => {
    const page = await (await newContext()).newPage();
    await signIn(page, baseUrl, "admin@raibu.local", "raibu-admin");
    await page.goto(`${baseUrl}/app/settings/integrations`);
    const card = page.getByTestId("crm-hubspot");
    await card.getByText("Not connected").waitFor();
    const docs = card.getByRole("link", { name: "HubSpot’s guide to private apps" });
    expect(await docs.getAttribute("href")).toMatch(/^https:\/\/developers\.hubspot\.com\//);
    const token = card.getByLabel("Private app access token");
    expect(await token.getAttribute("type")).toBe("password");

    await card.getByTestId("crm-connect").click();
    await card.getByText("Paste the token (at least 8 characters).").waitFor();
    await token.fill("pat-eu1-00000000-0000-0000-0000-000000000000");
    await card.getByTestId("crm-connect").click();
    // Offline the provider cannot be reached; online it refuses a made-up token. Either is said on the field.
    await card.locator(".field-error").filter({ hasText: /HubSpot (refused this token|could not be reached)/ }).waitFor({ timeout: 30_000 });
    expect(await token.getAttribute("aria-invalid")).toBe("true");
    expect(await card.getAttribute("data-connected")).toBe("false");
    const { integrations } = await admin.call<{ integrations: Array<{ provider: string; connected: boolean }> }>("GET", "/api/integrations");
    expect(integrations.find((i) => i.provider === "hubspot")?.connected).toBe(false);
    await page.getByTestId("crm-pipedrive").getByLabel("API token").waitFor();
  });

  it("an agent has no Integrations tab, and opening its address says it is the admins', in English and French", async () => {
    const page = await (await newContext()).newPage();
    await signIn(page, baseUrl, "agent@raibu.local", "raibu-agent");
    await page.goto(`${baseUrl}/app/settings`);
    await page.getByTestId("settings-sections").waitFor();
    expect(await page.getByTestId("settings-integrations").count()).toBe(0);

    await page.goto(`${baseUrl}/app/settings/integrations`);
    const notice = page.getByTestId("integrations-admin-only");
    await notice.getByRole("heading", { name: "Admins only" }).waitFor();
    expect(await page.getByTestId("integrations").count()).toBe(0);
    await page.getByTestId("lang-fr").click();
    await notice.getByRole("heading", { name: "Réservé aux administrateurs" }).waitFor();
    await page.getByTestId("lang-en").click();
  });
});
