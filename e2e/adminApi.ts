// The console's HTTP API from a browser test's own process, for set-up the test is not about (an interface
// and its flow) and for what no page shows a test (the dev outbox's raw emails).
import { expect } from "vitest";

export interface ApiSession {
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

/** Signs in as `email` and answers a caller that sends the session cookie and the console's Origin. */
export async function apiSession(baseUrl: string, email: string, password: string): Promise<ApiSession> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  return {
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { Origin: baseUrl, Cookie: cookie, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
      return (text ? JSON.parse(text) : null) as T;
    },
  };
}

interface FlowStepLike {
  kind: string;
  [key: string]: unknown;
}

/**
 * A new interface on the local demo site whose Live chat step waits `timeoutSeconds` for an agent (even
 * with nobody online) and then shows the offline form; answers its id.
 */
export async function interfaceWithOfflineForm(admin: ApiSession, name: string, timeoutSeconds: number): Promise<string> {
  const iface = await admin.call<{ id: string }>("POST", "/api/interfaces", { name, language: "en", allowedOrigins: ["http://localhost:*", "http://127.0.0.1:*"] });
  const doc = await admin.call<{ draft: { steps: FlowStepLike[] } }>("GET", `/api/interfaces/${iface.id}/flow`);
  const flow = doc.draft;
  for (const step of flow.steps.filter((s) => s.kind === "live_chat")) {
    Object.assign(step, { timeoutSeconds, whenNobodyOnline: "wait", offer: "both", offlineForm: { enabled: true } });
  }
  await admin.call("PUT", `/api/interfaces/${iface.id}/flow`, { flow });
  await admin.call("POST", `/api/interfaces/${iface.id}/flow/publish`);
  return iface.id;
}

export interface OutboxEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  status: string;
  replyTo?: string | null;
  createdAt: number;
}

/** Waits until the dev outbox holds an email to `to` whose text matches `match`, and answers it. */
export async function outboxEmail(admin: ApiSession, to: string, match: (email: OutboxEmail) => boolean, timeoutMs = 20_000): Promise<OutboxEmail> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { emails } = await admin.call<{ emails: OutboxEmail[] }>("GET", "/api/dev/outbox");
    const found = emails.find((e) => e.to === to && match(e));
    if (found) return found;
    if (Date.now() > until) throw new Error(`no email to ${to} in the dev outbox after ${timeoutMs} ms (it holds: ${emails.slice(0, 5).map((e) => `${e.to} “${e.subject}”`).join(", ")})`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
