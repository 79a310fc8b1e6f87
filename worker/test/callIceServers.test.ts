// The call page's ICE servers: public STUN by default; with the deployment's TURN key, short-lived
// credentials asked of Cloudflare Realtime TURN per page load, the key's token never passed on.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { iceServersFor, STUN_DEFAULT, TURN_TTL_SECONDS } from "../src/calls/iceServers";
import { createApp } from "../src/app";
import { ORIGIN, unique } from "./helpers";
import { videoCall } from "./callFixtures";

const TURN = { TURN_KEY_ID: "key-123", TURN_KEY_API_TOKEN: "secret-api-token" };
const turnReply = {
  iceServers: [
    { urls: ["stun:stun.cloudflare.com:3478", "stun:stun.cloudflare.com:53"] },
    {
      urls: ["turn:turn.cloudflare.com:3478?transport=udp", "turn:turn.cloudflare.com:53?transport=udp", "turns:turn.cloudflare.com:443?transport=tcp"],
      username: "short-lived-user",
      credential: "short-lived-credential",
    },
  ],
};

/** Intercepts the Worker's outgoing fetches; `reply` answers each and the calls are kept. */
function interceptFetch(reply: () => Response | Promise<Response>) {
  const seen: Array<{ url: string; init: RequestInit }> = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    seen.push({ url: String(input instanceof Request ? input.url : input), init: init ?? {} });
    return reply();
  });
  return seen;
}

afterEach(() => vi.restoreAllMocks());

describe("ICE servers", () => {
  it("without a TURN key the page gets the public STUN server and nothing is fetched", async () => {
    const seen = interceptFetch(() => Response.json(turnReply, { status: 201 }));
    expect(await iceServersFor({})).toEqual([{ urls: "stun:stun.cloudflare.com:3478" }]);
    expect(seen).toEqual([]);
  });

  it("with a TURN key the Worker asks Cloudflare for credentials with its token and the ttl, and passes on only the servers", async () => {
    const seen = interceptFetch(() => Response.json(turnReply, { status: 201 }));
    const servers = await iceServersFor(TURN);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe("https://rtc.live.cloudflare.com/v1/turn/keys/key-123/credentials/generate-ice-servers");
    expect(seen[0]!.init.method).toBe("POST");
    expect(new Headers(seen[0]!.init.headers).get("Authorization")).toBe("Bearer secret-api-token");
    expect(JSON.parse(String(seen[0]!.init.body))).toEqual({ ttl: TURN_TTL_SECONDS });
    // The :53 alternatives are dropped: browsers refuse that port and would only wait for them.
    expect(servers).toEqual([
      { urls: ["stun:stun.cloudflare.com:3478"] },
      { urls: ["turn:turn.cloudflare.com:3478?transport=udp", "turns:turn.cloudflare.com:443?transport=tcp"], username: "short-lived-user", credential: "short-lived-credential" },
    ]);
    expect(JSON.stringify(servers)).not.toContain("secret-api-token");
  });

  it("a TURN service that refuses, fails or answers something else leaves the page with STUN, and says so in the log", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    for (const reply of [() => new Response("nope", { status: 401 }), () => Promise.reject(new Error("network down")), () => Response.json({ servers: [] }, { status: 201 })]) {
      interceptFetch(reply);
      expect(await iceServersFor(TURN)).toEqual(STUN_DEFAULT);
    }
    expect(log).toHaveBeenCalledTimes(3);
    expect(String(log.mock.calls[0]![0])).toContain("TURN credentials unavailable");
  });

  it("the call info of a deployment with TURN carries fresh credentials per load and never the key's token", async () => {
    const call = await videoCall();
    const seen = interceptFetch(() => Response.json(turnReply, { status: 201 }));
    const app = createApp();
    const load = () =>
      app.fetch(new Request(`${ORIGIN}/api/calls/${call.callId}?t=${call.visitorToken}`, { headers: { "CF-Connecting-IP": unique("ip") } }), { ...env, ...TURN });
    const first = await load();
    await load();
    const text = await first.text();
    expect(first.status).toBe(200);
    expect(JSON.parse(text).iceServers[1]).toMatchObject({ username: "short-lived-user", credential: "short-lived-credential" });
    expect(text).not.toContain("secret-api-token");
    expect(text).not.toContain("key-123");
    expect(seen).toHaveLength(2);
  });
});
