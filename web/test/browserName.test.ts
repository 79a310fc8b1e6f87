// The visitor panel names a visitor's browser ("Chrome 150 on Linux") instead of the raw user agent.
import { describe, expect, it } from "vitest";
import { browserName, parseUserAgent } from "../src/lib/browserName";
import { translate } from "../src/lib/i18n";

const UA = {
  chromeLinux: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36",
  headless: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
  edgeWindows: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86",
  firefoxMac: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0",
  safariMac: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  safariIphone: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  chromeIphone: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1",
  chromeAndroid: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.39 Mobile Safari/537.36",
  samsung: "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
  operaWindows: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0",
  chromebook: "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
};

describe("parseUserAgent", () => {
  it("reads Chrome, Edge, Firefox, Safari, Opera and Samsung Internet with their major version", () => {
    expect(parseUserAgent(UA.chromeLinux)).toEqual({ browser: "Chrome", version: "150", os: "Linux" });
    expect(parseUserAgent(UA.headless)).toEqual({ browser: "Chrome", version: "156", os: "Linux" });
    expect(parseUserAgent(UA.edgeWindows)).toEqual({ browser: "Edge", version: "131", os: "Windows" });
    expect(parseUserAgent(UA.firefoxMac)).toEqual({ browser: "Firefox", version: "133", os: "macOS" });
    expect(parseUserAgent(UA.safariMac)).toEqual({ browser: "Safari", version: "18", os: "macOS" });
    expect(parseUserAgent(UA.operaWindows)).toEqual({ browser: "Opera", version: "115", os: "Windows" });
    expect(parseUserAgent(UA.samsung)).toEqual({ browser: "Samsung Internet", version: "26", os: "Android" });
  });

  it("tells phones and Chromebooks from the desktops whose names their strings repeat", () => {
    expect(parseUserAgent(UA.safariIphone)).toEqual({ browser: "Safari", version: "18", os: "iOS" });
    expect(parseUserAgent(UA.chromeIphone)).toEqual({ browser: "Chrome", version: "126", os: "iOS" });
    expect(parseUserAgent(UA.chromeAndroid)).toEqual({ browser: "Chrome", version: "131", os: "Android" });
    expect(parseUserAgent(UA.chromebook)).toEqual({ browser: "Chrome", version: "129", os: "ChromeOS" });
  });

  it("gives up on strings that do not name both a browser and a system", () => {
    expect(parseUserAgent("curl/8.5.0")).toBeNull();
    expect(parseUserAgent("")).toBeNull();
    expect(parseUserAgent("Mozilla/5.0 (X11; Linux x86_64) SomeBot/1.0")).toBeNull();
  });
});

describe("browserName", () => {
  it("reads as a sentence in the agent's language, and falls back to the raw string", () => {
    expect(browserName(UA.chromeLinux, (key, params) => translate("en", key, params))).toBe("Chrome 150 on Linux");
    expect(browserName(UA.chromeLinux, (key, params) => translate("fr", key, params))).toBe("Chrome 150 sur Linux");
    expect(browserName("curl/8.5.0", (key, params) => translate("en", key, params))).toBe("curl/8.5.0");
  });
});
