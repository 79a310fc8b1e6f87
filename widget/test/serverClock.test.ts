import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { call } from "../src/app/api";
import { countdownText, translate, type Lang, type Translate } from "../src/app/i18n";
import { forgetServerTime, heardServerTime, serverNow, timeLeft } from "../src/app/serverClock";

const tr =
  (lang: Lang): Translate =>
  (key, params) =>
    translate(lang, key, params);

const SERVER = Date.UTC(2026, 10, 30, 12, 0, 0);
const MINUTE = 60_000;

beforeEach(forgetServerTime);

describe("the countdown's clock", () => {
  it("a visitor whose clock is five minutes ahead still sees the time the server gives the request", () => {
    const local = SERVER + 5 * MINUTE;
    // The request's notice, stored by the server just now, arrives.
    heardServerTime(SERVER, local);
    const deadline = SERVER + MINUTE;
    expect(timeLeft(deadline, SERVER, serverNow(local + 15_000))).toBe(45_000);
  });

  it("a visitor whose clock is behind does not see more time than the server has left", () => {
    const local = SERVER - 3 * MINUTE;
    heardServerTime(SERVER + 20_000, local + 20_000);
    expect(timeLeft(SERVER + MINUTE, SERVER, serverNow(local + 30_000))).toBe(30_000);
  });

  it("an old message's time does not pull the clock back", () => {
    heardServerTime(SERVER, SERVER);
    heardServerTime(SERVER - 10 * MINUTE, SERVER + 1000);
    expect(serverNow(SERVER + 2000)).toBe(SERVER + 2000);
  });

  it("until the server was heard it is the local clock, and an unreadable time changes nothing", () => {
    expect(serverNow(SERVER)).toBe(SERVER);
    heardServerTime(Number.NaN, SERVER);
    expect(serverNow(SERVER)).toBe(SERVER);
  });

  it("never promises more than the whole timeout, whatever the clock says", () => {
    // After a reload with a clock an hour behind and nothing heard yet.
    expect(timeLeft(SERVER + MINUTE, SERVER, SERVER - 60 * MINUTE)).toBe(MINUTE);
    expect(timeLeft(SERVER + MINUTE, null, SERVER)).toBe(MINUTE);
  });

  it("takes timestamps in seconds as well as in milliseconds", () => {
    expect(timeLeft((SERVER + MINUTE) / 1000, SERVER / 1000, SERVER + 10_000)).toBe(50_000);
  });
});

describe("the countdown's words", () => {
  it("say the minutes and seconds left, rounded up", () => {
    expect(countdownText(tr("en"), 61_200)).toBe("1:02 left");
    expect(countdownText(tr("fr"), 500)).toBe("Encore 0:01");
  });

  it("once the time is up, say the answer is coming rather than stay at 0:00 while the server's state is late", () => {
    expect(countdownText(tr("en"), 0)).toBe("Any moment now…");
    expect(countdownText(tr("en"), -30_000)).toBe("Any moment now…");
    expect(countdownText(tr("fr"), -1)).toBe("D’un instant à l’autre…");
  });
});

describe("the widget's HTTP answers", () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it("set the countdown's clock from their Date header", async () => {
    const serverDate = new Date(Date.now() + 7 * MINUTE);
    serverDate.setMilliseconds(0);
    globalThis.fetch = async () => new Response("{}", { headers: { date: serverDate.toUTCString(), "content-type": "application/json" } });
    await call("/api/widget/anything");
    const shown = serverNow();
    // Whole seconds: the clock is at most a second (and the call's time) behind the server's.
    expect(shown).toBeGreaterThanOrEqual(serverDate.getTime());
    expect(shown).toBeLessThan(serverDate.getTime() + 2000);
  });
});
