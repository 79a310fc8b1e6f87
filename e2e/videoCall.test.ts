// Video calls between two real Chromiums with fake cameras: the visitor asks for a video chat on
// the demo site, the agent accepts, each opens their own link, and video flows both ways.
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { openLivePage } from "./agent";
import { browserProfiles } from "./browser";
import { openWidget } from "./visitor";

const baseUrl = inject("baseUrl");
const newContext = browserProfiles({ fakeMedia: true });

/** What the call page exposes for tests (call/src/InCall.tsx). */
type CallHook = { __raibuCall?: { stats(): Promise<{ videoBytesReceived: number } | null> } };
type VideoElement = { currentTime: number; paused: boolean; videoWidth: number };

/** The video bytes this page's peer connection has received so far (getStats' inbound-rtp). */
const videoBytes = (page: Page) => page.evaluate(async () => (await (globalThis as CallHook).__raibuCall?.stats())?.videoBytesReceived ?? 0);
const remotePlayback = (page: Page) =>
  page.getByTestId("remote-video").evaluate((video: VideoElement) => ({ time: video.currentTime, paused: video.paused, width: video.videoWidth }));

/** The other member's video really arrives and plays: its bytes grow and the <video> moves on. */
async function receivesVideo(page: Page) {
  await expect.poll(() => videoBytes(page), { timeout: 20_000 }).toBeGreaterThan(0);
  const before = await videoBytes(page);
  await expect.poll(() => videoBytes(page), { timeout: 10_000 }).toBeGreaterThan(before);
  await expect.poll(async () => (await remotePlayback(page)).width, { timeout: 10_000 }).toBeGreaterThan(0);
  const { time } = await remotePlayback(page);
  await expect.poll(async () => (await remotePlayback(page)).time, { timeout: 10_000 }).toBeGreaterThan(time);
  expect((await remotePlayback(page)).paused).toBe(false);
}

/** Opens a call link in a new tab from `click`, and joins after the camera's preview. */
async function openAndJoin(context: BrowserContext, click: () => Promise<void>): Promise<Page> {
  const [page] = await Promise.all([context.waitForEvent("page"), click()]);
  await page.waitForLoadState();
  expect(page.url()).toMatch(/\/call\/[^/?]+\?t=/);
  await joinFromLobby(page);
  return page;
}

async function joinFromLobby(page: Page) {
  await expect.poll(() => page.getByTestId("preview-video").evaluate((v: VideoElement) => v.videoWidth), { timeout: 15_000 }).toBeGreaterThan(0);
  await page.getByTestId("join").click();
}

describe("video calls in real browsers", () => {
  let agentContext: BrowserContext;
  let visitorContext: BrowserContext;

  beforeAll(async () => {
    [agentContext, visitorContext] = await Promise.all([newContext(), newContext()]);
  });

  it("a visitor's video request accepted, both open their links and see each other, a second page of the visitor is refused, hanging up ends it on both sides, and the conversation shows the joins and the call's length", async () => {
    const agent = await openLivePage(agentContext);

    const visitorPage = await visitorContext.newPage();
    const visitor = await openWidget(visitorPage, "/demo/contact");
    await visitor.getByRole("button", { name: "Video chat" }).click();
    await agent.locator('[data-testid="visitor-row"][data-status="requested"]').first().click();
    await agent.getByTestId("accept").click();
    await agent.getByTestId("call-card").waitFor();

    // The agent joins first and is told the visitor is not there yet.
    const agentCall = await openAndJoin(agentContext, () => agent.getByTestId("join-call").click());
    await expect.poll(() => agentCall.getByTestId("call-status").textContent(), { timeout: 15_000 }).toMatch(/^Waiting for .+ to join…$/);

    // The visitor joins from the widget's card (a new tab), on a phone-sized screen.
    const join = visitor.getByRole("link", { name: /^Join/ });
    await join.waitFor();
    const visitorCall = await openAndJoin(visitorContext, () => join.click());
    await visitorCall.setViewportSize({ width: 390, height: 844 });

    await Promise.all([receivesVideo(agentCall), receivesVideo(visitorCall)]);
    await expect.poll(() => visitorCall.getByTestId("call-status").textContent()).toBe("Connected with Alex Martin");
    await expect.poll(() => agentCall.getByTestId("call-status").textContent()).toMatch(/^Connected with /);
    // At phone size the controls are on screen, below the video.
    const hangUpBox = (await visitorCall.getByTestId("hang-up").boundingBox())!;
    expect(hangUpBox.y + hangUpBox.height).toBeLessThanOrEqual(844);
    // Screen sharing is the agent's.
    expect(await visitorCall.getByTestId("toggle-screen").count()).toBe(0);

    // Muting is told to the other side.
    await visitorCall.getByTestId("toggle-audio").click();
    await agentCall.getByText(/ is muted$/).waitFor();
    await visitorCall.getByTestId("toggle-audio").click();
    await expect.poll(() => agentCall.getByText(/ is muted$/).count()).toBe(0);

    // The same link opened a second time: that page is told the visitor is already in the call.
    const second = await visitorContext.newPage();
    await second.goto(visitorCall.url());
    await joinFromLobby(second);
    await second.getByText("You are already in this call on another page.").waitFor();
    await second.close();
    // The call goes on.
    const bytes = await videoBytes(visitorCall);
    await expect.poll(() => videoBytes(visitorCall), { timeout: 10_000 }).toBeGreaterThan(bytes);

    // The agent hangs up: it ends for both.
    await agentCall.getByTestId("hang-up").click();
    await agentCall.getByText("The call has ended").waitFor();
    await visitorCall.getByText("The call has ended").waitFor();
    await visitorCall.getByText("Alex Martin hung up.").waitFor();
    await expect.poll(() => visitorCall.getByTestId("call-duration").textContent(), { timeout: 10_000 }).toMatch(/^The call lasted \d+:\d\d\.$/);

    // The conversation has the call's notices, with its length.
    const messages = agent.getByTestId("messages");
    await messages.getByText("The agent joined the video call").waitFor();
    await messages.getByText("The visitor joined the video call").waitFor();
    await messages.getByText(/^Video call ended \(\d+:\d\d\)$/).waitFor();
    await visitor.getByText(/^Call ended \(\d+:\d\d\)$/).waitFor();

    // The link now says the call is over.
    await visitorCall.reload();
    await visitorCall.getByTestId("call-ended").getByText("The call has ended").waitFor();
  });

  it("a visitor whose browser refuses the camera is told so and joins without media, still seeing the agent; leaving and coming back starts a new connection", async () => {
    const agent = await openLivePage(agentContext);
    // Another visitor (the first one's conversation is still open in its browser).
    const otherVisitor = await newContext();
    const visitor = await openWidget(await otherVisitor.newPage(), "/demo/pricing");
    await visitor.getByRole("button", { name: "Video chat" }).click();
    await agent.locator('[data-testid="visitor-row"][data-status="requested"]').first().click();
    await agent.getByTestId("accept").click();
    await agent.getByTestId("call-card").waitFor();
    const agentCall = await openAndJoin(agentContext, () => agent.getByTestId("join-call").click());
    const link = (await agent.getByTestId("call-visitor-link").inputValue())!;

    // This browser says no, as a visitor who clicked "Block" would.
    const refusing = await otherVisitor.newPage();
    await refusing.addInitScript(() => {
      const devices = (globalThis as unknown as { navigator: { mediaDevices: { getUserMedia: () => Promise<never> } } }).navigator.mediaDevices;
      devices.getUserMedia = () => Promise.reject(Object.assign(new Error("Permission denied"), { name: "NotAllowedError" }));
    });
    await refusing.goto(link);
    const problem = refusing.getByTestId("media-problem");
    await problem.getByText("Your browser blocked the camera and microphone.", { exact: false }).waitFor();
    expect(await problem.getAttribute("role")).toBe("alert");
    await refusing.getByTestId("join-without-media").click();
    await receivesVideo(refusing);
    // The agent is told the visitor sends neither sound nor picture.
    await agentCall.getByText(/ is muted$/).waitFor();
    await agentCall.getByText(/'s camera is off$/).waitFor();
    expect(await refusing.getByTestId("toggle-audio").isDisabled()).toBe(true);

    // The visitor closes the page: the agent reads that they left.
    await refusing.close();
    await expect.poll(() => agentCall.getByTestId("call-status").textContent(), { timeout: 15_000 }).toMatch(/ has left the call\./);
    // Back with a camera: a new connection, video both ways.
    const back = await otherVisitor.newPage();
    await back.goto(link);
    await joinFromLobby(back);
    await Promise.all([receivesVideo(agentCall), receivesVideo(back)]);
    await back.getByTestId("hang-up").click();
    await agentCall.getByText("The call has ended").waitFor();
    await back.getByText("You hung up.").waitFor();
  });

  it("a call link with an altered token says it is not valid, in French once switched", async () => {
    const page = await visitorContext.newPage();
    await page.goto(`${baseUrl}/call/no-such-call?t=altered.token`);
    await page.getByText("This call link is not valid.").waitFor();
    await page.getByTestId("call-lang").selectOption("fr");
    await page.getByText("Ce lien d'appel n'est pas valide.").waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");
    await page.close();
  });
});
