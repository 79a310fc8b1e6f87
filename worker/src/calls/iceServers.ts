// The ICE servers a call page connects with: Cloudflare's public STUN server, or, when the
// deployment has a Cloudflare Realtime TURN key, short-lived TURN credentials fetched per page
// load. The key's API token stays in the Worker; only the servers reach the page.
import type { IceServer } from "@raibu/protocol/calls";
import { z } from "zod";
import type { Env } from "../env";

export const STUN_DEFAULT: IceServer[] = [{ urls: "stun:stun.cloudflare.com:3478" }];

/** A call's credentials last this long: a long call outlives a page load, not a day. */
export const TURN_TTL_SECONDS = 4 * 60 * 60;

const TURN_ENDPOINT = "https://rtc.live.cloudflare.com/v1/turn/keys";

const IceServersResponse = z.object({
  iceServers: z
    .array(
      z.object({
        urls: z.union([z.string(), z.array(z.string())]),
        username: z.string().optional(),
        credential: z.string().optional(),
      }),
    )
    .min(1),
});

/**
 * Browsers refuse connections to port 53, so the `:53` alternatives Cloudflare lists only make a
 * page wait for their time-out (Cloudflare's docs advise dropping them).
 */
function withoutPort53(server: IceServer): IceServer | null {
  const urls = (Array.isArray(server.urls) ? server.urls : [server.urls]).filter((url) => !/:53(\?|$)/.test(url));
  if (urls.length === 0) return null;
  return { urls, ...(server.username ? { username: server.username } : {}), ...(server.credential ? { credential: server.credential } : {}) };
}

/** The page's ICE servers. A TURN failure (down, refused, a reply of another shape) falls back to STUN and is logged. */
export async function iceServersFor(env: Pick<Env, "TURN_KEY_ID" | "TURN_KEY_API_TOKEN">, ttlSeconds = TURN_TTL_SECONDS): Promise<IceServer[]> {
  const keyId = env.TURN_KEY_ID;
  const token = env.TURN_KEY_API_TOKEN;
  if (!keyId || !token) return STUN_DEFAULT;
  try {
    const res = await fetch(`${TURN_ENDPOINT}/${encodeURIComponent(keyId)}/credentials/generate-ice-servers`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ ttl: ttlSeconds }),
    });
    if (!res.ok) throw new Error(`TURN credentials refused: HTTP ${res.status}`);
    const parsed = IceServersResponse.parse(await res.json());
    const servers = parsed.iceServers.map(withoutPort53).filter((s): s is IceServer => s !== null);
    if (servers.length === 0) throw new Error("TURN credentials: no usable server");
    return servers;
  } catch (err) {
    console.error("TURN credentials unavailable, using STUN only", err instanceof Error ? err.message : err);
    return STUN_DEFAULT;
  }
}
