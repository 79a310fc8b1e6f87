// Which addresses a webhook may be sent to: https to a public host on an https port, with no
// credentials. Every special-use IP range is refused, however the address is written.
import { describe, expect, it } from "vitest";
import { checkWebhookUrl } from "../src/integrations/webhooks";
import { ApiError } from "../src/lib/errors";
import { createWorkspace, signedIn } from "./helpers";

function refusal(url: string) {
  try {
    checkWebhookUrl(url);
  } catch (err) {
    if (err instanceof ApiError) return { code: err.code, ...err.facts };
    throw err;
  }
  return null;
}

const PRIVATE: Record<string, string[]> = {
  "private (RFC 1918)": ["https://10.0.0.1/", "https://10.255.255.254/", "https://172.16.5.4/", "https://172.31.0.1/", "https://192.168.1.10/"],
  loopback: ["https://127.0.0.1/", "https://127.1/", "https://0x7f000001/", "https://2130706433/", "https://[::1]/"],
  "link-local (and the cloud metadata address)": ["https://169.254.169.254/latest/meta-data", "https://[fe80::1]/"],
  "carrier-grade NAT": ["https://100.64.0.1/", "https://100.127.255.254/"],
  "unique local (IPv6 ULA)": ["https://[fd00::1]/", "https://[fc12:3456::1]/"],
  unspecified: ["https://0.0.0.0/", "https://[::]/"],
  "IPv4-mapped IPv6 of a private address": ["https://[::ffff:127.0.0.1]/", "https://[::ffff:10.0.0.1]/", "https://[::ffff:169.254.169.254]/"],
  "NAT64 of an IPv4 address": ["https://[64:ff9b::a00:1]/"],
  "multicast, broadcast and reserved": ["https://224.0.0.1/", "https://255.255.255.255/", "https://240.0.0.1/", "https://[ff02::1]/"],
};

describe("a webhook address", () => {
  for (const [range, urls] of Object.entries(PRIVATE)) {
    it(`is refused in the ${range} range`, () => {
      for (const url of urls) expect([url, refusal(url)]).toEqual([url, { code: "url_not_public", reason: "private_address" }]);
    });
  }

  it("is refused for local names: localhost, *.localhost, *.local, *.internal, a name without a dot", () => {
    for (const url of ["https://localhost/", "https://localhost./", "https://api.localhost/", "https://printer.local/", "https://db.internal/", "https://intranet/"]) {
      expect([url, refusal(url)]).toEqual([url, { code: "url_not_public", reason: "local_host" }]);
    }
  });

  it("is refused with a user name or password in it", () => {
    expect(refusal("https://user:pass@hooks.example.com/in")).toEqual({ code: "url_refused", reason: "credentials" });
    expect(refusal("https://token@hooks.example.com/in")).toEqual({ code: "url_refused", reason: "credentials" });
  });

  it("is refused on a port a Worker cannot call over https, and accepted on 443 and Cloudflare's other https ports", () => {
    expect(refusal("https://hooks.example.com:8080/in")).toMatchObject({ code: "url_refused", reason: "port", allowedPorts: [443, 2053, 2083, 2087, 2096, 8443] });
    expect(refusal("https://hooks.example.com:22/in")).toMatchObject({ reason: "port" });
    expect(checkWebhookUrl("https://hooks.example.com:443/in")).toBe("https://hooks.example.com/in");
    expect(checkWebhookUrl("https://hooks.example.com:8443/in")).toBe("https://hooks.example.com:8443/in");
  });

  it("is refused when it is not https", () => {
    for (const url of ["http://hooks.example.com/", "ftp://hooks.example.com/", "not a url"]) expect(refusal(url)).toEqual({ code: "url_refused", reason: "not_https" });
  });

  it("is accepted to a public name or a public IP address", () => {
    expect(checkWebhookUrl("https://hooks.example.com/raibu?x=1")).toBe("https://hooks.example.com/raibu?x=1");
    expect(checkWebhookUrl("https://93.184.216.34/in")).toBe("https://93.184.216.34/in");
    expect(checkWebhookUrl("https://[2606:4700:4700::1111]/in")).toBe("https://[2606:4700:4700::1111]/in");
    expect(checkWebhookUrl("https://8.8.8.8/")).toBe("https://8.8.8.8/");
  });

  it("in a private range is refused by the API with its reason, and no endpoint is made", async () => {
    const ws = await createWorkspace();
    const { client } = await signedIn(ws.id, "admin");
    for (const url of ["https://10.0.0.1/hook", "https://[::1]/hook", "https://169.254.169.254/", "https://100.64.0.1/", "https://[fd00::1]/", "https://localhost/"]) {
      const res = await client.post("/api/webhooks", { url, events: ["contact.created"] });
      expect([url, res.status, res.json.error.code]).toEqual([url, 400, "url_not_public"]);
    }
    expect((await client.get("/api/webhooks")).json.endpoints).toEqual([]);
  });
});
