// Slows password guessing: sign-in attempts are counted per account and per client address;
// once a key has used its free attempts, each further attempt locks it for a doubling time.
// One account tried from many addresses, and many accounts tried from one address
// (password spraying), both end up waiting; a right password undoes its own count.
import { and, eq, gt, inArray, lt, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { loginThrottle } from "../db/schema";
import { ApiError } from "./errors";

export interface ThrottleRule {
  /** Attempts in a row without waiting; the last of them starts the first lock. */
  free: number;
  /** The first lock; each further attempt doubles it. */
  baseLockMs: number;
  maxLockMs: number;
}

/** Five tries, then 30 s, 1 min, 2 min … up to 15 min between tries: a person who mistypes
 * barely waits, a script gets a few dozen guesses an hour per account. */
export const ACCOUNT_RULE: ThrottleRule = { free: 5, baseLockMs: 30_000, maxLockMs: 15 * 60_000 };
/** An office behind one address has many people: a larger allowance, the same back-off. */
export const ADDRESS_RULE: ThrottleRule = { free: 20, baseLockMs: 30_000, maxLockMs: 15 * 60_000 };
/** A key with no attempt for an hour starts over. */
export const FORGET_AFTER_MS = 60 * 60_000;

export const accountKey = (email: string) => `account:${email}`;
export const addressKey = (ip: string) => `address:${ip}`;

/** How long the key waits after its `attempt`-th attempt within the window. */
export function lockMs(rule: ThrottleRule, attempt: number): number {
  if (attempt < rule.free) return 0;
  return Math.min(rule.maxLockMs, rule.baseLockMs * 2 ** Math.min(30, attempt - rule.free));
}

export const loginLocked = (retryAfterMs: number) => {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new ApiError(429, "rate_limited", `Too many sign-in attempts. Try again in ${seconds} seconds.`, { retryAfterMs: seconds * 1000 });
};

/**
 * Counts one attempt for the account and one for the address, or throws a 429 when either
 * is locked. The count is taken before the password is checked and in one statement per
 * key, so a burst of parallel attempts cannot all slip in before the first failure lands.
 */
export async function claimLoginAttempt(db: Database, email: string, ip: string, now = Date.now()) {
  const locks = await db
    .select({ lockedUntil: loginThrottle.lockedUntil })
    .from(loginThrottle)
    .where(and(inArray(loginThrottle.key, [accountKey(email), addressKey(ip)]), gt(loginThrottle.lockedUntil, now)));
  if (locks.length > 0) throw loginLocked(Math.max(...locks.map((l) => l.lockedUntil)) - now);

  const [account, address] = await db.batch([
    claimStatement(db, accountKey(email), ACCOUNT_RULE, now),
    claimStatement(db, addressKey(ip), ADDRESS_RULE, now),
  ]);
  // No row back: a parallel attempt locked the key between the read above and this write.
  if (account.length === 0 || address.length === 0) throw loginLocked(ACCOUNT_RULE.baseLockMs);
}

function claimStatement(db: Database, key: string, rule: ThrottleRule, now: number) {
  const t = loginThrottle;
  // The attempt's number within the window: 1 when the last one is older than the window.
  const next = sql`(CASE WHEN ${t.lastFailureAt} < ${now - FORGET_AFTER_MS} THEN 1 ELSE ${t.failures} + 1 END)`;
  // lockMs() in SQL, so that the count and its lock land in the same statement.
  const lockedUntil = sql`(CASE WHEN ${next} >= ${rule.free}
    THEN ${now} + min(${rule.maxLockMs}, ${rule.baseLockMs} << min(30, ${next} - ${rule.free})) ELSE 0 END)`;
  const first = lockMs(rule, 1);
  return db
    .insert(t)
    .values({ key, failures: 1, lastFailureAt: now, lockedUntil: first > 0 ? now + first : 0 })
    .onConflictDoUpdate({ target: t.key, set: { failures: next, lastFailureAt: now, lockedUntil }, setWhere: sql`${t.lockedUntil} <= ${now}` })
    .returning({ failures: t.failures });
}

/**
 * A right password: the account starts over (its owner knows the password), and the
 * address gives back only this attempt, so signing in with one's own account between
 * guesses does not wipe the address's count.
 */
export async function settleSuccessfulLogin(db: Database, email: string, ip: string) {
  await db.batch([
    db.delete(loginThrottle).where(eq(loginThrottle.key, accountKey(email))),
    db
      .update(loginThrottle)
      .set({ failures: sql`${loginThrottle.failures} - 1`, lockedUntil: 0 })
      .where(and(eq(loginThrottle.key, addressKey(ip)), gt(loginThrottle.failures, 0))),
  ]);
}

/** A password reset proves the person owns the email: their account's count starts over. */
export async function forgetAccountFailures(db: Database, email: string) {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, accountKey(email)));
}

/** Rows nobody has tried for a window and that hold no lock; for a periodic clean-up. */
export async function forgetStaleLoginFailures(db: Database, now = Date.now()) {
  await db.delete(loginThrottle).where(and(lt(loginThrottle.lastFailureAt, now - FORGET_AFTER_MS), lt(loginThrottle.lockedUntil, now)));
}
