// Reply tokens: the reply link's path and the reply address's detail open one thread, until they
// expire; a changed character, another thread's key or another interface's signature opens nothing.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { issueReplyToken, openReplyToken, parseReplyToken, replyAddress, replyLinkDays, signReplyToken, tokenFromAddress } from "../src/offline/replyTokens";
import { offlineThread } from "./replyFixtures";

const DAY = 24 * 60 * 60 * 1000;

/** Changes one character of the token at `index` (from the end when negative) to another allowed one. */
function flip(token: string, index: number): string {
  const at = index < 0 ? token.length + index : index;
  const ch = token[at]!;
  const other = ch === "a" ? "b" : ch === "-" ? "-" : "a";
  return token.slice(0, at) + other + token.slice(at + 1);
}

describe("reply tokens", () => {
  it("a reply token opens its own thread until it expires, then says expired without opening it", async () => {
    const { thread } = await offlineThread();
    const now = Date.now();
    const { token, expiresAt } = await issueReplyToken(env, thread, now);
    expect(expiresAt).toBeGreaterThanOrEqual(now + 30 * DAY);
    const open = await openReplyToken(env, token, now);
    expect(open).toMatchObject({ status: "valid", thread: { id: thread.id } });
    expect(await openReplyToken(env, token, expiresAt - 1)).toMatchObject({ status: "valid" });
    expect(await openReplyToken(env, token, expiresAt)).toMatchObject({ status: "expired", thread: { id: thread.id } });
  });

  it("a token with any character changed opens nothing, even one that moves its expiry later", async () => {
    const { thread } = await offlineThread();
    const { token } = await issueReplyToken(env, thread);
    const parsed = parseReplyToken(token)!;
    const later = `${parsed.replyKey}-${(parseInt(parsed.exp36, 36) + 365 * 86400).toString(36)}-${parsed.mac}`;
    for (const tampered of [flip(token, -1), flip(token, 0), flip(token, parsed.replyKey.length + 2), later, token.slice(0, -1), `${token}a`, "nothing", ""]) {
      expect(await openReplyToken(env, tampered), tampered).toEqual({ status: "invalid" });
    }
  });

  it("another thread's reply key under this thread's signature opens nothing", async () => {
    const { thread } = await offlineThread();
    const { thread: other } = await offlineThread();
    const { token } = await issueReplyToken(env, thread);
    const swapped = token.replace(thread.replyKey, other.replyKey);
    expect(swapped).not.toBe(token);
    expect(await openReplyToken(env, swapped)).toEqual({ status: "invalid" });
  });

  it("a token signed with another interface's key opens nothing", async () => {
    const { thread } = await offlineThread();
    const forged = await signReplyToken("some-other-interface-key", thread.replyKey, Date.now() + DAY);
    expect(await openReplyToken(env, forged)).toEqual({ status: "invalid" });
  });

  it("a reply address fits an address's 64-character local part and still opens its thread once a mail system upper-cases it", async () => {
    const { thread } = await offlineThread();
    const { token } = await issueReplyToken(env, thread);
    const address = replyAddress({ INBOUND_DOMAIN: "Reply.Example.test" }, token)!;
    expect(address).toBe(`reply+${token}@reply.example.test`);
    expect(address.split("@")[0]!.length).toBeLessThanOrEqual(64);
    expect(token).toMatch(/^[a-z0-9-]+$/);
    const shouted = tokenFromAddress({ INBOUND_DOMAIN: "reply.example.test" }, address.toUpperCase())!;
    expect(await openReplyToken(env, shouted)).toMatchObject({ status: "valid", thread: { id: thread.id } });
  });

  it("only reply+ addresses at the inbound domain carry a token; without an inbound domain any domain does", () => {
    const inbound = { INBOUND_DOMAIN: "reply.example.test" };
    expect(tokenFromAddress(inbound, "reply+abc-1-aaaa@reply.example.test")).toBe("abc-1-aaaa");
    expect(tokenFromAddress(inbound, "<reply+abc-1-aaaa@reply.example.test>")).toBe("abc-1-aaaa");
    expect(tokenFromAddress(inbound, "reply+abc-1-aaaa@elsewhere.test")).toBeNull();
    expect(tokenFromAddress(inbound, "support@reply.example.test")).toBeNull();
    expect(tokenFromAddress({ INBOUND_DOMAIN: "" }, "reply+abc-1-aaaa@localhost")).toBe("abc-1-aaaa");
    expect(replyAddress({ INBOUND_DOMAIN: "" }, "abc")).toBeNull();
  });

  it("OFFLINE_REPLY_LINK_DAYS sets how long a new link lasts, and a value that is not a positive number keeps 30 days", async () => {
    const { thread } = await offlineThread();
    const now = Date.now();
    const { expiresAt } = await issueReplyToken({ ...env, OFFLINE_REPLY_LINK_DAYS: "2" }, thread, now);
    expect(expiresAt - now).toBeGreaterThanOrEqual(2 * DAY);
    expect(expiresAt - now).toBeLessThan(2 * DAY + 1000);
    for (const value of ["", "zero", "-3", "0"]) expect(replyLinkDays({ OFFLINE_REPLY_LINK_DAYS: value })).toBe(30);
  });
});
