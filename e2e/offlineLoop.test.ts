// The offline loop end to end in real browsers: nobody accepts a visitor's request, the offline form, the
// agents' inbox live, a reply emailed through the dev outbox, the visitor's answer by the reply link and by
// plain email (wrangler dev's local email endpoint), each arriving in the open inbox without a reload.
import type { BrowserContext, FrameLocator, Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { apiSession, interfaceWithOfflineForm, outboxEmail, type ApiSession } from "./adminApi";
import { browserProfiles, signIn } from "./browser";

const baseUrl = inject("baseUrl");
const newContext = browserProfiles();
/** The shortest timeout a Live chat step allows. */
const TIMEOUT_S = 10;

const threadRow = (agent: Page, email: string) => agent.getByTestId("offline-thread-row").filter({ hasText: email });

/** The reply link `/r/<token>` an email carries, made absolute on this server. */
function replyLink(text: string): string {
  const match = /https?:\/\/[^\s"<>]+\/r\/[A-Za-z0-9._~-]+/.exec(text);
  if (!match) throw new Error(`no reply link in the email: ${text.slice(0, 400)}`);
  return `${baseUrl}${new URL(match[0]).pathname}`;
}

/** A plain-text answer to the agent's email as a mail client sends it: the answer above the quoted email. */
function mimeAnswer({ from, to, subject, inReplyTo, answer, quoted }: { from: string; to: string; subject: string; inReplyTo: string | null; answer: string; quoted: string }) {
  return [
    `From: Jeanne Moreau <${from}>`,
    `To: ${to}`,
    `Subject: Re: ${subject}`,
    `Message-ID: <answer-${Date.now()}@mail.example>`,
    ...(inReplyTo ? [`In-Reply-To: ${inReplyTo}`, `References: ${inReplyTo}`] : []),
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    answer,
    "",
    `On ${new Date().toDateString()}, Northwind Bikes <no-reply@raibu.local> wrote:`,
    ...quoted.split("\n").map((line) => `> ${line}`),
    "",
  ].join("\r\n");
}

describe("offline messages end to end in real browsers", () => {
  let agentContext: BrowserContext;
  let visitorContext: BrowserContext;
  let secondVisitorContext: BrowserContext;
  let admin: ApiSession;
  let interfaceId: string;

  beforeAll(async () => {
    [agentContext, visitorContext, secondVisitorContext] = await Promise.all([newContext(), newContext(), newContext()]);
    admin = await apiSession(baseUrl, "admin@raibu.local", "raibu-admin");
    interfaceId = await interfaceWithOfflineForm(admin, "Offline loop", TIMEOUT_S);
  });

  it(
    "nobody accepts a live request, the visitor leaves the offline form, the agent sees the thread arrive, stars it and replies; the visitor answers by the emailed link, and the answer shows live; starred shows it",
    async () => {
      const email = `jeanne.${Date.now()}@moreau.example`;

      // The agent works in the inbox, open before anything arrives.
      const agent = await agentContext.newPage();
      await agent.setViewportSize({ width: 1600, height: 900 });
      await signIn(agent, baseUrl, "agent@raibu.local", "raibu-agent");
      await agent.getByTestId("main-nav").getByRole("link", { name: "Offline messages" }).click();
      await agent.getByTestId("offline-page").waitFor();

      // A visitor on the demo site asks for a live chat; nobody accepts within the step's timeout.
      const visitorPage = await visitorContext.newPage();
      await visitorPage.goto(`${baseUrl}/demo?interface=${interfaceId}`);
      await visitorPage.locator("#raibu-widget button").first().click();
      const widget: FrameLocator = visitorPage.frameLocator("#raibu-widget iframe");
      const requestedAt = Date.now();
      await widget.getByRole("button", { name: "Talk to a person" }).click();
      const form = widget.getByTestId("offline-form");
      await form.waitFor({ timeout: (TIMEOUT_S + 15) * 1000 });
      // Not before the deadline: the form comes when the time is up.
      expect(Date.now() - requestedAt).toBeGreaterThanOrEqual((TIMEOUT_S - 1) * 1000);

      // The form refuses a bad email with a clear error, then takes the fixed one.
      await form.getByLabel("Your name").fill("Jeanne Moreau");
      await form.getByLabel("Your email").fill("not-an-email");
      await form.getByLabel("Your message").fill("Do you have the cargo bike in blue? I need it before June.");
      await form.getByTestId("offline-send").click();
      await expect.poll(() => form.getByLabel("Your email").getAttribute("aria-invalid")).toBe("true");
      await form.getByLabel("Your email").fill(email);
      await form.getByTestId("offline-send").click();
      await widget.getByTestId("offline-sent").waitFor();

      // The thread arrives in the open inbox, unread, without a reload.
      const row = threadRow(agent, email);
      await row.waitFor({ timeout: 15_000 });
      expect(await row.getAttribute("data-unread")).toBe("true");
      await row.getByText("Jeanne Moreau").waitFor();
      await row.getByText("Offline loop").waitFor();
      await row.click();
      const thread = agent.getByTestId("offline-thread");
      await thread.getByText("Do you have the cargo bike in blue? I need it before June.").first().waitFor();

      // « suivi »: the star; then a reply.
      await thread.getByTestId("offline-star").click();
      await expect.poll(() => thread.getByTestId("offline-star").getAttribute("aria-pressed")).toBe("true");
      await thread.getByTestId("offline-reply").fill("Hello Jeanne, yes: we have it in blue, ready in 3 days.");
      await thread.getByTestId("offline-reply-send").click();
      const reply = thread.getByTestId("offline-message").filter({ hasText: "Hello Jeanne, yes: we have it in blue" });
      await reply.waitFor();
      // In the dev outbox the reply is delivered at once.
      await expect.poll(() => reply.getAttribute("data-delivery"), { timeout: 15_000 }).toBe("dev_outbox");

      // The dev outbox holds the email, with the reply and the link back to the thread.
      const sent = await outboxEmail(admin, email, (e) => e.text.includes("Hello Jeanne, yes: we have it in blue"));
      expect(sent.html).toContain("/r/");
      const link = replyLink(sent.text);

      // The visitor opens the link (a light page, no console) and answers.
      const replyPage = await visitorContext.newPage();
      await replyPage.goto(link);
      await replyPage.getByText("Hello Jeanne, yes: we have it in blue, ready in 3 days.").waitFor();
      await replyPage.getByText("Do you have the cargo bike in blue? I need it before June.").waitFor();
      await replyPage.locator("textarea").fill("Perfect, I'll come on Saturday to pick it up.");
      await replyPage.locator("form").getByRole("button").click();
      await replyPage.getByText("Perfect, I'll come on Saturday to pick it up.").waitFor();

      // The agent, who never reloaded, sees the answer arrive in the thread and the row back to unread.
      await thread.getByText("Perfect, I'll come on Saturday to pick it up.").waitFor({ timeout: 15_000 });
      const answer = thread.getByTestId("offline-message").filter({ hasText: "Perfect, I'll come on Saturday" });
      expect(await answer.getAttribute("data-author")).toBe("visitor");

      // Filtering by starred shows the thread (and only starred ones).
      await agent.getByTestId("offline-filter-starred").click();
      await threadRow(agent, email).waitFor();
      const rows = agent.getByTestId("offline-thread-row");
      await expect.poll(async () => (await rows.evaluateAll((els) => els.map((el) => el.getAttribute("data-starred")))).every((s) => s === "true")).toBe(true);
    },
    (TIMEOUT_S + 110) * 1000,
  );

  it(
    "a visitor who simply answers the email lands in the same thread, live in the agent's open inbox, with the quoted history left out",
    async () => {
      const email = `louis.${Date.now()}@martin.example`;
      const agent = await agentContext.newPage();
      await agent.setViewportSize({ width: 1600, height: 900 });
      await signIn(agent, baseUrl, "agent@raibu.local", "raibu-agent");
      await agent.getByTestId("main-nav").getByRole("link", { name: "Offline messages" }).click();
      await agent.getByTestId("offline-page").waitFor();

      // Another visitor (the first one's widget keeps their conversation, form sent).
      const visitorPage = await secondVisitorContext.newPage();
      await visitorPage.goto(`${baseUrl}/demo?interface=${interfaceId}`);
      await visitorPage.locator("#raibu-widget button").first().click();
      const widget = visitorPage.frameLocator("#raibu-widget iframe");
      await widget.getByRole("button", { name: "Talk to a person" }).click();
      const form = widget.getByTestId("offline-form");
      await form.waitFor({ timeout: (TIMEOUT_S + 15) * 1000 });
      await form.getByLabel("Your name").fill("Louis Martin");
      await form.getByLabel("Your email").fill(email);
      await form.getByLabel("Your message").fill("Can I rent a tandem for the weekend?");
      await form.getByTestId("offline-send").click();
      await widget.getByTestId("offline-sent").waitFor();

      await threadRow(agent, email).click();
      const thread = agent.getByTestId("offline-thread");
      await thread.getByTestId("offline-reply").fill("Yes, 40 € for the weekend.");
      await thread.getByTestId("offline-reply-send").click();
      await thread.getByTestId("offline-message").filter({ hasText: "Yes, 40 € for the weekend." }).waitFor();

      const sent = await outboxEmail(admin, email, (e) => e.text.includes("Yes, 40 € for the weekend."));
      // The per-thread reply address: from the outbox when it says it, else the thread's key in the link.
      const replyTo = sent.replyTo ?? null;
      expect(replyTo, "the dev outbox should show the email's Reply-To (reply+…@inbound domain)").toMatch(/^reply\+[^@]+@.+$/);
      const raw = mimeAnswer({ from: email, to: replyTo!, subject: sent.subject, inReplyTo: null, answer: "Great, I'll take it. Saturday morning?", quoted: sent.text });
      const res = await fetch(`${baseUrl}/cdn-cgi/handler/email?${new URLSearchParams({ from: email, to: replyTo! })}`, { method: "POST", body: raw });
      expect(res.status, await res.clone().text()).toBeLessThan(300);

      await thread.getByText("Great, I'll take it. Saturday morning?").waitFor({ timeout: 15_000 });
      const answer = thread.getByTestId("offline-message").filter({ hasText: "Great, I'll take it. Saturday morning?" });
      expect(await answer.getAttribute("data-author")).toBe("visitor");
      // The quoted email is not part of the answer.
      expect(await answer.textContent()).not.toContain("Yes, 40 € for the weekend.");
    },
    (TIMEOUT_S + 90) * 1000,
  );
});
