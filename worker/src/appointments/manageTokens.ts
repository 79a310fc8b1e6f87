// The visitor's link to their appointment (`/a/<token>`, in its emails): a signed token that names
// the appointment by its random manage key, signed with the interface's key and expiring when the
// appointment ends. A reschedule issues a fresh one (its emails and the page's redirect carry it).
import { eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { findInterface, type ChatInterface } from "../db/interfaces";
import { appointments } from "../db/schema";
import type { Env } from "../env";
import { peekClaim, signToken, verifyToken } from "../lib/signedTokens";

const SCOPE = "appointment";

export type AppointmentRow = typeof appointments.$inferSelect;

export type ManageTarget =
  | { status: "valid"; appointment: AppointmentRow; iface: ChatInterface }
  /** Ours, but the appointment is over: its language is known, nothing opens. */
  | { status: "expired"; appointment: AppointmentRow; iface: ChatInterface }
  /** Not ours, altered, or the token of an appointment that no longer exists. */
  | { status: "invalid" };

/** The manage link's token, valid until the appointment ends. */
export function signManageToken(signingKey: string, appointment: Pick<AppointmentRow, "manageKey" | "interfaceId" | "endsAt">): Promise<string> {
  return signToken(signingKey, { scope: SCOPE, exp: appointment.endsAt, m: appointment.manageKey, i: appointment.interfaceId });
}

/** What a manage token opens. The signature is checked before the expiry, so a forged token learns nothing. */
export async function openManageToken(env: Env, token: string, now = Date.now()): Promise<ManageTarget> {
  const manageKey = peekClaim(token, "m");
  if (!manageKey) return { status: "invalid" };
  const db = getDb(env.DB);
  const [appointment] = await db.select().from(appointments).where(eq(appointments.manageKey, manageKey)).limit(1);
  if (!appointment) return { status: "invalid" };
  const iface = await findInterface(db, appointment.interfaceId, appointment.workspaceId);
  if (!iface) return { status: "invalid" };
  // Checked as of the epoch first (signature, scope, the claims), then the expiry on its own: an expired link gets its own page.
  const claims = await verifyToken(iface.signingKey, token, SCOPE, 0);
  if (!claims || claims.m !== appointment.manageKey || claims.i !== appointment.interfaceId) return { status: "invalid" };
  return { status: claims.exp > now ? "valid" : "expired", appointment, iface };
}
