// The call page's two doors, both opened by the link's signed token (no session needed): what the
// page needs to know (CallInfo, with fresh ICE servers) and the call's signalling socket, handed to
// the call's Durable Object with the role the token gives.
import type { CallInfo } from "@raibu/protocol/calls";
import { eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { claimCall, findCall, type CallRecord } from "../calls/callRows";
import { iceServersFor } from "../calls/iceServers";
import { readCallToken, type CallAccess } from "../calls/tokens";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import type { AppBindings, SessionUser } from "../env";
import { ApiError, forbidden, notFound } from "../lib/errors";
import { pickLocale, translate } from "../lib/i18n";
import { isOwnOrigin } from "../lib/origin";
import { clientIp } from "../lib/rateLimit";
import { findSession, readSessionCookie } from "../lib/sessions";

const calls = new Hono<AppBindings>();

const PAGE_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** Both limiters allow so many per minute (wrangler.toml); a refusal says to wait that long. */
const LIMIT_PERIOD_S = 60;

async function limitAddress(c: Context<AppBindings>, limiter: RateLimit, action: "call_info" | "call_socket") {
  const { success } = await limiter.limit({ key: `${action}:${clientIp(c.req.raw.headers)}` });
  if (success) return;
  c.header("Retry-After", String(LIMIT_PERIOD_S));
  throw new ApiError(429, "rate_limited", "Too many requests from this network. Wait a minute and try again.", { retryAfterMs: LIMIT_PERIOD_S * 1000, scope: "address", action });
}

/**
 * The call and what its link's token opens; 401/404/410 otherwise (tokens.ts). The row's expiry
 * bounds every link too: cancelling an appointment (or moving it earlier) shortens it.
 */
async function openCall(c: Context<AppBindings>): Promise<{ call: CallRecord; access: CallAccess }> {
  const call = await findCall(getDb(c.env.DB), c.req.param("id") ?? "");
  if (!call) throw notFound("Call");
  const access = await readCallToken(call.signingKey, call.id, c.req.query("t") ?? "");
  if (call.cancelled) throw new ApiError(410, "appointment_cancelled", "This appointment was cancelled.");
  const now = Date.now();
  if (call.expiresAt <= now) throw new ApiError(410, "call_link_expired", "This call link has expired.", { expiredAt: call.expiresAt });
  return { call, access: { ...access, expiresAt: Math.min(access.expiresAt, call.expiresAt) } };
}

/** The signed-in agent of the call's workspace who opened the agent link, if any: the link works without a session too. */
async function agentOfWorkspace(c: Context<AppBindings>, workspaceId: string): Promise<SessionUser | null> {
  const token = readSessionCookie(c);
  const session = token ? await findSession(getDb(c.env.DB), token) : null;
  return session && session.user.workspaceId === workspaceId ? session.user : null;
}

calls.get("/api/calls/:id", async (c) => {
  await limitAddress(c, c.env.CALL_INFO_ADDRESS_LIMITER, "call_info");
  const { call, access } = await openCall(c);
  let info: Omit<CallInfo, "iceServers">;
  if (access.role === "agent") {
    const me = await agentOfWorkspace(c, call.workspaceId);
    const [row] = me ? await getDb(c.env.DB).select({ locale: users.locale }).from(users).where(eq(users.id, me.id)).limit(1) : [];
    const lang = row?.locale ? pickLocale(row.locale) : (call.agent?.lang ?? call.visitorLang);
    info = { callId: call.id, role: "agent", peerName: call.visitorName, lang, expiresAt: access.expiresAt, endedAt: call.endedAt, scheduledAt: call.scheduledAt };
  } else {
    const lang = call.visitorLang;
    // An appointment's call has no agent until one joins: the visitor waits for the team.
    const peerName = call.agent?.name ?? translate(lang, "call.theTeam");
    info = { callId: call.id, role: "visitor", peerName, lang, expiresAt: access.expiresAt, endedAt: call.endedAt, scheduledAt: call.scheduledAt };
  }
  c.header("Cache-Control", "no-store");
  return c.json({ ...info, iceServers: await iceServersFor(c.env) } satisfies CallInfo);
});

calls.get("/ws/calls/:id", async (c) => {
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") throw new ApiError(426, "upgrade_required", "Expected a WebSocket upgrade.");
  // Browsers send Origin on WebSocket upgrades; only the call page may open this one.
  if (!isOwnOrigin(c.env, c.req.url, c.req.header("Origin"))) throw forbidden("WebSockets must come from Raibu's own pages.", "bad_origin");
  await limitAddress(c, c.env.CALL_SOCKET_ADDRESS_LIMITER, "call_socket");
  const { call, access } = await openCall(c);
  if (access.role === "agent" && !call.agentId) {
    const me = await agentOfWorkspace(c, call.workspaceId);
    if (me) await claimCall(getDb(c.env.DB), call.id, call.workspaceId, me.id);
  }
  // The page's own id, kept for the page's life: its reconnects take the place of its broken socket.
  const page = c.req.query("page") ?? "";
  const stub = c.env.CALLS.get(c.env.CALLS.idFromName(call.id));
  // A fresh request: only the headers set here reach the object.
  return stub.fetch(
    new Request(c.req.url, {
      headers: {
        Upgrade: "websocket",
        "X-Raibu-Role": access.role,
        "X-Raibu-Call": call.id,
        "X-Raibu-Workspace": call.workspaceId,
        "X-Raibu-Conversation": call.conversationId ?? "",
        "X-Raibu-Interface": call.interfaceId,
        "X-Raibu-Page": PAGE_ID.test(page) ? page : "",
      },
    }),
  );
});

export default calls;
