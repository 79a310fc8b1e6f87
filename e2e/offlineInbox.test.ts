// The agents' offline inbox in a real browser against the real Worker: threads left through the
// widget's offline form arrive live with the navigation badge; the agent stars one, filters by
// « suivi » (kept in the address over a reload), opens it (read), replies and sees the email's
// delivery state, marks it unread again; on a phone the list and the thread take turns.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { browserProfiles, signIn } from "./browser";

const baseUrl = inject("baseUrl");
const newContext = browserProfiles();

/** The console's API from the test's own process (set-up only: what is tested goes through the pages). */
async function apiAs(email: string, password: string) {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Origin: baseUrl, Cookie: cookie, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : null) as T;
  };
}

/** An interface whose Live chat step shows the offline form at once when nobody is online, else after 10 s. */
async function offlineInterface(call: Awaited<ReturnType<typeof apiAs>>, name: string): Promise<string> {
  const created = await call<{ id: string }>("POST", "/api/interfaces", { name, language: "en", allowedOrigins: ["http://localhost:*", "http://127.0.0.1:*"] });
  const doc = await call<{ draft: { steps: Array<{ kind: string }> } }>("GET", `/api/interfaces/${created.id}/flow`);
  for (const step of doc.draft.steps.filter((s) => s.kind === "live_chat")) {
    Object.assign(step, { timeoutSeconds: 10, whenNobodyOnline: "offline_form", offer: "both", offlineForm: { enabled: true } });
  }
  await call("PUT", `/api/interfaces/${created.id}/flow`, { flow: doc.draft });
  await call("POST", `/api/interfaces/${created.id}/flow/publish`);
  return created.id;
}

/** A new visitor (a browser of their own) on the demo site asks for a person, gets the offline form and leaves a message. */
async function leaveOfflineMessage(interfaceId: string, visitor: { name: string; email: string; message: string }) {
  const page = await (await newContext()).newPage();
  await page.goto(`${baseUrl}/demo?interface=${interfaceId}`);
  await page.locator("#raibu-widget button").first().click();
  const widget = page.frameLocator("#raibu-widget iframe");
  await widget.getByRole("button", { name: "Talk to a person" }).click();
  const form = widget.getByTestId("offline-form");
  await form.waitFor({ timeout: 30_000 });
  await form.getByLabel("Your name").fill(visitor.name);
  await form.getByLabel("Your email").fill(visitor.email);
  await form.getByLabel("Your message").fill(visitor.message);
  await form.getByTestId("offline-send").click();
  await widget.getByTestId("offline-sent").waitFor();
  await page.close();
}

const rowOf = (agent: Page, email: string) => agent.getByTestId("offline-thread-row").filter({ hasText: email });
const badge = async (agent: Page) => Number((await agent.getByTestId("offline-badge").textContent({ timeout: 1000 }).catch(() => "0")) || 0);

describe("the offline inbox", () => {
  let agentContext: BrowserContext;
  let interfaceId: string;
  let restoreAvailability = async () => {};

  beforeAll(async () => {
    agentContext = await newContext();
    const admin = await apiAs("admin@raibu.local", "raibu-admin");
    interfaceId = await offlineInterface(admin, "Inbox shop");
    // Nobody online: the form comes at once. The agent is as they were for the files that follow.
    const agent = await apiAs("agent@raibu.local", "raibu-agent");
    const { availability } = await agent<{ availability: string }>("GET", "/api/me");
    await agent("PATCH", "/api/me", { availability: "away" });
    restoreAvailability = async () => void (await agent("PATCH", "/api/me", { availability }));
  });
  afterAll(() => restoreAvailability());

  it(
    "threads arrive live with the badge; the agent stars one, filters by follow-up (kept over a reload), opens it (read; the chat before the form; « Mark as contact » filled from the form), replies, sees the delivery state and marks it unread",
    async () => {
      const stamp = Date.now();
      const anna = { name: "Anna Keller", email: `anna.${stamp}@keller.example`, message: "Is the blue cargo bike still available?" };
      const ben = { name: "Ben Okafor", email: `ben.${stamp}@okafor.example`, message: "Do you deliver to Lyon?" };

      const agent = await agentContext.newPage();
      await agent.setViewportSize({ width: 1280, height: 860 });
      await signIn(agent, baseUrl, "agent@raibu.local", "raibu-agent");
      await agent.getByTestId("main-nav").getByRole("link", { name: "Offline messages" }).click();
      await agent.getByTestId("offline-page").waitFor();
      const unreadBefore = await badge(agent);

      // Two visitors leave messages; both rows arrive without a reload, unread, newest first, and the badge counts them.
      await leaveOfflineMessage(interfaceId, anna);
      await rowOf(agent, anna.email).waitFor({ timeout: 15_000 });
      await leaveOfflineMessage(interfaceId, ben);
      await rowOf(agent, ben.email).waitFor({ timeout: 15_000 });
      expect(await rowOf(agent, anna.email).getAttribute("data-unread")).toBe("true");
      const order = await agent.getByTestId("offline-thread-row").evaluateAll((els) => els.map((el) => el.textContent ?? ""));
      expect(order.findIndex((t) => t.includes(ben.email))).toBeLessThan(order.findIndex((t) => t.includes(anna.email)));
      await expect.poll(() => badge(agent)).toBe(unreadBefore + 2);

      // « suivi »: the star in Anna's row; then only followed threads, and the filter is in the address.
      await agent.getByTestId("offline-thread-row").filter({ hasText: anna.email }).locator("xpath=..").getByTestId("offline-star").click();
      await expect.poll(() => rowOf(agent, anna.email).getAttribute("data-starred")).toBe("true");
      await agent.getByTestId("offline-filter-starred").click();
      await expect.poll(() => agent.url()).toContain("starred=1");
      await rowOf(agent, anna.email).waitFor();
      await rowOf(agent, ben.email).waitFor({ state: "detached" });
      await agent.reload();
      await rowOf(agent, anna.email).waitFor();
      expect(await agent.getByTestId("offline-filter-starred").getAttribute("aria-pressed")).toBe("true");
      expect(await rowOf(agent, ben.email).count()).toBe(0);

      // Opening it reads it: the row loses its bold, the badge goes down; the form's message is in the thread.
      await rowOf(agent, anna.email).click();
      const thread = agent.getByTestId("offline-thread");
      await thread.getByTestId("offline-message").filter({ hasText: anna.message }).waitFor();
      await expect.poll(() => rowOf(agent, anna.email).getAttribute("data-unread")).toBe("false");
      await expect.poll(() => badge(agent)).toBe(unreadBefore + 1);
      expect(agent.url()).toContain("starred=1");
      // The chat before the form, as the conversation holds it.
      await thread.getByTestId("offline-transcript").getByText("Hi! How can we help you today?").waitFor();
      // « Mark as contact » starts from what the visitor wrote in the form.
      await thread.getByTestId("offline-mark-contact").click();
      const contact = agent.getByTestId("contact-form");
      await expect.poll(() => contact.getByTestId("contact-email").inputValue()).toBe(anna.email);
      expect(await contact.getByTestId("contact-name").inputValue()).toBe(anna.name);
      await contact.getByRole("button", { name: "Cancel" }).first().click();

      // A reply: it shows at once, then its email's state (the dev outbox, as mail is local here).
      await thread.getByTestId("offline-reply").fill("Hello Anna, yes: it is in the shop, in blue.");
      await thread.getByTestId("offline-reply-send").click();
      const reply = thread.getByTestId("offline-message").filter({ hasText: "Hello Anna, yes: it is in the shop" });
      await reply.waitFor();
      expect(await reply.getAttribute("data-author")).toBe("agent");
      await expect.poll(() => reply.getAttribute("data-delivery"), { timeout: 20_000 }).toBe("dev_outbox");
      expect(await reply.getByTestId("offline-delivery").textContent()).toContain("In the dev outbox");
      expect(await thread.getByTestId("offline-reply").inputValue()).toBe("");

      // Mark unread: it stays so while open (nothing new came), in bold in the list, and counted again.
      await thread.getByTestId("offline-toggle-read").click();
      await expect.poll(() => rowOf(agent, anna.email).getAttribute("data-unread")).toBe("true");
      await expect.poll(() => badge(agent)).toBe(unreadBefore + 2);
      expect(await thread.getByTestId("offline-toggle-read").textContent()).toContain("Mark as read");

      // Close, then the list filtered to open threads leaves it out.
      await thread.getByTestId("offline-toggle-status").click();
      await thread.getByTestId("offline-thread-closed").waitFor();
      await agent.getByTestId("offline-filter-status").selectOption("open");
      await expect.poll(() => agent.url()).toContain("status=open");
      await rowOf(agent, anna.email).waitFor({ state: "detached" });
      await thread.getByTestId("offline-thread-closed").waitFor();
    },
    120_000,
  );

  it("on a phone the list and the thread take turns, and the search finds a thread by the words of its message", async () => {
    const stamp = Date.now();
    const clara = { name: "Clara Dupuis", email: `clara.${stamp}@dupuis.example`, message: `Tandem rental ${stamp} for the weekend?` };
    await leaveOfflineMessage(interfaceId, clara);

    const agent = await agentContext.newPage();
    await agent.setViewportSize({ width: 390, height: 844 });
    await signIn(agent, baseUrl, "agent@raibu.local", "raibu-agent");
    await agent.goto(`${baseUrl}/app/offline`);
    await agent.getByTestId("offline-search").fill(`rental ${stamp}`);
    await expect.poll(() => agent.url()).toContain("q=");
    await rowOf(agent, clara.email).waitFor();
    expect(await agent.getByTestId("offline-thread-row").count()).toBe(1);

    await rowOf(agent, clara.email).click();
    const thread = agent.getByTestId("offline-thread");
    await thread.getByTestId("offline-message").filter({ hasText: clara.message }).waitFor();
    expect(await agent.getByTestId("offline-list").isVisible()).toBe(false);
    await thread.getByTestId("offline-back").click();
    await rowOf(agent, clara.email).waitFor();
    expect(await agent.getByTestId("offline-search").inputValue()).toBe(`rental ${stamp}`);
  }, 60_000);
});
