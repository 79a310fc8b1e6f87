// The widget's appointment endpoints are public: reading slots and booking are each limited per
// client address and per chat interface (wrangler.toml's VISITOR_SLOTS_* and VISITOR_BOOKING_*).
import { describe, expect, it } from "vitest";
import { asVisitor, bookingBody, bookingSetup, slotAhead } from "./bookingFixtures";
import { Client } from "./helpers";

/** Hundreds of requests through the limiters take a few seconds here. */
const SLOW = { timeout: 60_000 };

type Answer = { status: number; json: any; headers: Headers };

/** Sends until one is refused (at most three windows' worth), and returns the refusal. */
async function firstRefusal(limit: number, attempt: () => Promise<Answer>, parallel = 1): Promise<Answer> {
  for (let sent = 0; sent <= 3 * limit; sent += parallel) {
    const answers = await Promise.all(Array.from({ length: parallel }, attempt));
    const refused = answers.find((res) => res.status === 429);
    if (refused) return refused;
  }
  throw new Error(`never refused after ${3 * limit + 1} attempts`);
}

describe("the free slots' rate limits", () => {
  it("one address reading slots past 30 a minute gets rate_limited with Retry-After; another address is still served", SLOW, async () => {
    const { session } = await bookingSetup();
    const client = new Client();
    // Counted before anything is looked up: a conversation that is not the visitor's keeps each one cheap.
    const refused = await firstRefusal(30, () => asVisitor({ ...session, conversationId: "none" }, client).slots(0, 1));
    expect(refused.headers.get("Retry-After")).toBe("60");
    expect(refused.json.error).toMatchObject({ code: "rate_limited", scope: "address", action: "appointmentSlots", retryAfterMs: 60_000 });
    expect((await asVisitor(session, client).slots(Date.now(), Date.now() + 3_600_000)).status).toBe(429);
    expect((await asVisitor(session).slots(Date.now(), Date.now() + 3_600_000)).status).toBe(200);
  });

  it("one chat interface past 300 slot readings in ten seconds refuses them from new addresses too; another interface is still served", SLOW, async () => {
    const { session } = await bookingSetup();
    const refused = await firstRefusal(300, () => asVisitor({ ...session, conversationId: "none" }).slots(0, 1), 25);
    expect(refused.headers.get("Retry-After")).toBe("10");
    expect(refused.json.error).toMatchObject({ code: "rate_limited", scope: "interface", action: "appointmentSlots" });
    const elsewhere = await bookingSetup();
    expect((await asVisitor(elsewhere.session).slots(Date.now(), Date.now() + 3_600_000)).status).toBe(200);
  });
});

describe("the bookings' rate limits", () => {
  it("one address booking past 10 a minute gets rate_limited with Retry-After; another address is still served", SLOW, async () => {
    const { session } = await bookingSetup();
    const client = new Client();
    const refused = await firstRefusal(10, () => asVisitor({ ...session, conversationId: "none" }, client).book(bookingBody(slotAhead())));
    expect(refused.headers.get("Retry-After")).toBe("60");
    expect(refused.json.error).toMatchObject({ code: "rate_limited", scope: "address", action: "booking", retryAfterMs: 60_000 });
    expect((await asVisitor(session, client).book(bookingBody(slotAhead()))).status).toBe(429);
    expect((await asVisitor(session).book(bookingBody(slotAhead()))).status).toBe(200);
  });

  it("one chat interface past 50 bookings in ten seconds refuses them from new addresses too; another interface is still served", SLOW, async () => {
    const { session } = await bookingSetup();
    const refused = await firstRefusal(50, () => asVisitor({ ...session, conversationId: "none" }).book(bookingBody(slotAhead())), 10);
    expect(refused.headers.get("Retry-After")).toBe("10");
    expect(refused.json.error).toMatchObject({ code: "rate_limited", scope: "interface", action: "booking" });
    const elsewhere = await bookingSetup();
    expect((await asVisitor(elsewhere.session).book(bookingBody(slotAhead()))).status).toBe(200);
  });
});
