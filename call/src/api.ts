// The call page's one request: the call's info for the token in the address.
import type { CallInfo } from "@raibu/protocol/calls";

export type InfoProblem = "invalid" | "expired" | "tooMany" | "unreachable";

export async function fetchCallInfo(callId: string, token: string): Promise<{ info: CallInfo } | { problem: InfoProblem }> {
  let res: Response;
  try {
    res = await fetch(`/api/calls/${encodeURIComponent(callId)}?t=${encodeURIComponent(token)}`, { cache: "no-store" });
  } catch {
    return { problem: "unreachable" };
  }
  if (res.ok) return { info: (await res.json()) as CallInfo };
  if (res.status === 401 || res.status === 404) return { problem: "invalid" };
  if (res.status === 410) return { problem: "expired" };
  if (res.status === 429) return { problem: "tooMany" };
  return { problem: "unreachable" };
}

/** The call's id and token from `/call/<id>?t=<token>`. */
export function callFromLocation(loc: Location): { callId: string; token: string } | null {
  const match = /^\/call\/([^/]+)\/?$/.exec(loc.pathname);
  const token = new URLSearchParams(loc.search).get("t");
  return match && token ? { callId: decodeURIComponent(match[1]!), token } : null;
}
