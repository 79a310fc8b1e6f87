// The visitor's side of an unanswered request in a real browser: the countdown on the server's
// clock, then the offline form filled in with what the bot collected, its errors, the confirmation,
// and the confirmation again after a reload.
import type { FrameLocator } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { browserProfiles } from "./browser";
import { openWidget } from "./visitor";

const baseUrl = inject("baseUrl");
const newContext = browserProfiles();

/** The visitor's computer is five minutes fast: the countdown must still count the server's time. */
const CLOCK_AHEAD_MS = 5 * 60_000;

/** The console's API with the seeded admin's session, for the set-up this test is not about. */
async function adminCall<T>(cookie: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { Origin: baseUrl, Cookie: cookie, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** A new interface on the demo site: the bot asks a name and an email, then a Live chat step that waits 10 s (the least) even with nobody online. */
async function interfaceWithShortTimeout(): Promise<string> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: baseUrl },
    body: JSON.stringify({ email: "admin@raibu.local", password: "raibu-admin" }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  const iface = await adminCall<{ id: string }>(cookie, "POST", "/api/interfaces", {
    name: "Offline form test",
    language: "en",
    allowedOrigins: ["http://localhost:*", "http://127.0.0.1:*"],
  });
  const flow = {
    schemaVersion: 1,
    start: "greeting",
    offerRequestsAnytime: false,
    steps: [
      { id: "greeting", kind: "message", text: "Hello from the bike shop.", delaySeconds: 0, next: "ask-name" },
      { id: "ask-name", kind: "question", text: "What is your name?", field: "name", retryText: "", next: "ask-email" },
      { id: "ask-email", kind: "question", text: "And your email address?", field: "email", retryText: "", next: "human" },
      {
        id: "human",
        kind: "live_chat",
        text: "Shall I find someone from the team?",
        offer: "live",
        timeoutSeconds: 10,
        waitingText: "",
        offlineForm: {
          enabled: true,
          fields: { name: { ask: true, required: false }, email: { ask: true, required: true }, phone: { ask: true, required: false }, message: { ask: true, required: true } },
        },
        whenNobodyOnline: "wait",
      },
    ],
  };
  await adminCall(cookie, "PUT", `/api/interfaces/${iface.id}/flow`, { flow });
  await adminCall(cookie, "POST", `/api/interfaces/${iface.id}/flow/publish`);
  return iface.id;
}

/** Answers the bot's question in the message box. */
async function answer(frame: FrameLocator, text: string) {
  await frame.locator(".composer .field").fill(text);
  await frame.getByRole("button", { name: "Send" }).click();
}

describe("the offline form in the widget", () => {
  let interfaceId: string;

  beforeAll(async () => {
    interfaceId = await interfaceWithShortTimeout();
  });

  it("nobody accepts: the countdown counts the server's time, the form comes filled in with what the bot collected, a bad email is pointed out, the confirmation names the address, and a reload shows it again", async () => {
    const context = await newContext();
    await context.addInitScript((ahead: number) => {
      const realNow = Date.now.bind(Date);
      Date.now = () => realNow() + ahead;
    }, CLOCK_AHEAD_MS);
    const page = await context.newPage();
    const path = `/demo?interface=${interfaceId}`;
    const widget = await openWidget(page, path);

    await widget.getByText("What is your name?").waitFor();
    await answer(widget, "Ana Lopez");
    await widget.getByText("And your email address?").waitFor();
    await answer(widget, "ana@example.com");
    await widget.getByTestId("request-live").click();

    // Five minutes fast, the visitor's clock alone would put the deadline long past.
    const countdown = widget.locator(".countdown");
    await countdown.waitFor();
    expect(await countdown.textContent()).toMatch(/^0:(0[1-9]|10) left$/);

    // Nobody accepts within the step's 10 s: the form, with what the bot collected.
    const form = widget.getByTestId("offline-form");
    await form.waitFor({ timeout: 25_000 });
    await widget.getByText("No one is available right now.").waitFor();
    expect(await form.getByLabel("Your name (optional)").inputValue()).toBe("Ana Lopez");
    expect(await form.getByLabel("Your email").inputValue()).toBe("ana@example.com");
    expect(await form.getByLabel("Your phone number (optional)").inputValue()).toBe("");
    // The form asks for the message: the message box steps aside meanwhile.
    expect(await widget.locator(".composer").isVisible()).toBe(false);

    // A required message left empty and a bad address: each said under its field, the first to fix focused.
    const email = form.getByLabel("Your email");
    await email.fill("ana@example");
    await form.getByRole("button", { name: "Send my message" }).click();
    await form.getByText("Enter a valid email address, like name@example.com.").waitFor();
    await form.getByText("Write your message.").waitFor();
    expect(await email.getAttribute("aria-invalid")).toBe("true");
    expect(await email.getAttribute("aria-describedby")).toBe("offline-email-error");
    await expect.poll(() => email.evaluate((el) => el.ownerDocument.activeElement === el)).toBe(true);

    // Fixed, the errors go as the visitor types; sent, the confirmation names the address.
    await email.fill("Ana.Lopez@Example.com ");
    expect(await form.getByText("Enter a valid email address, like name@example.com.").count()).toBe(0);
    await form.getByLabel("Your message").fill("Could someone call me back about the blue city bike?");
    await form.getByRole("button", { name: "Send my message" }).click();
    const sent = widget.getByTestId("offline-sent");
    await sent.waitFor();
    expect(await sent.textContent()).toBe("Thank you! Your message was sent. We’ll answer at ana.lopez@example.com.");
    await widget.getByText("Message sent: the team will answer by email").waitFor();
    expect(await widget.getByTestId("offline-form").count()).toBe(0);

    // A reload brings the same conversation back: the confirmation, not the form.
    const again = await openWidget(page, path);
    await again.getByTestId("offline-sent").waitFor();
    expect(await again.getByTestId("offline-sent").textContent()).toBe("Thank you! Your message was sent. We’ll answer at ana.lopez@example.com.");
    expect(await again.getByTestId("offline-form").count()).toBe(0);
  });
});
