// Test fixtures: workspaces and agents written straight into D1, and an HTTP client
// that talks to the real Worker with a cookie jar and the console's Origin.
import { env, exports } from "cloudflare:workers";
import { vi } from "vitest";
import type { Lang } from "@raibu/protocol/lang";
import { getDb } from "../src/db/client";
import { users, workspaces, type Role } from "../src/db/schema";
import { newId } from "../src/lib/crypto";
import { hashPassword } from "../src/lib/passwords";

export const ORIGIN = "http://localhost";
export const PASSWORD = "correct horse battery";

let counter = 0;
/** A unique suffix, so tests in one file never share rows or Durable Objects. */
export function unique(prefix = "t"): string {
  counter += 1;
  return `${prefix}-${counter}-${crypto.randomUUID().slice(0, 8)}`;
}

export async function createWorkspace(name = unique("ws")) {
  const id = newId();
  await getDb(env.DB).insert(workspaces).values({ id, name });
  return { id, name };
}

export async function createUser(workspaceId: string, role: Role = "agent", password = PASSWORD) {
  const email = `${unique("user")}@example.test`;
  const id = newId();
  const name = `Agent ${email.slice(5, 12)}`;
  await getDb(env.DB).insert(users).values({ id, workspaceId, email, name, role, passwordHash: await hashPassword(password) });
  return { id, workspaceId, email, name, role, password };
}

export class Client {
  cookie = "";
  constructor(private readonly ip = unique("ip")) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await exports.default.fetch(`${ORIGIN}${path}`, {
      method,
      headers: {
        Origin: ORIGIN,
        "CF-Connecting-IP": this.ip,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...(this.cookie ? { Cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.get("Set-Cookie");
    if (setCookie) {
      const pair = setCookie.split(";")[0]!;
      this.cookie = pair.endsWith("=") ? "" : pair;
    }
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, json, headers: res.headers };
  }

  get = (path: string) => this.request("GET", path);
  post = (path: string, body?: unknown) => this.request("POST", path, body ?? {});
  patch = (path: string, body: unknown) => this.request("PATCH", path, body);
  put = (path: string, body: unknown) => this.request("PUT", path, body);
  delete = (path: string) => this.request("DELETE", path);

  async login(email: string, password = PASSWORD) {
    return this.post("/api/auth/login", { email, password });
  }
}

/** A client signed in as a fresh user of the given workspace. */
export async function signedIn(workspaceId: string, role: Role = "agent") {
  const user = await createUser(workspaceId, role);
  const client = new Client();
  const res = await client.login(user.email);
  if (res.status !== 200) throw new Error(`login failed: ${JSON.stringify(res.json)}`);
  return { user, client };
}

/**
 * Pulls the one-time link out of the newest dev-outbox email sent to `to`, waiting for it a
 * little: a reset email is written after the request has answered.
 */
export async function linkFromOutbox(client: Client, to: string, path: "/app/invite/" | "/app/reset/") {
  const email = await vi.waitFor(
    async () => {
      const { json } = await client.get("/api/dev/outbox");
      const found = json.emails.find((e: { to: string }) => e.to === to);
      if (!found) throw new Error(`no email to ${to}`);
      return found;
    },
    { timeout: 3000, interval: 50 },
  );
  const match = new RegExp(`${path.replace(/\//g, "\\/")}([A-Za-z0-9_-]+)`).exec(email.text);
  if (!match) throw new Error(`no link in email: ${email.text}`);
  return { token: match[1]!, email };
}

/** A chat interface of the workspace, allowing the test origin. */
export interface InterfaceOptions {
  allowLive: boolean;
  allowVideo: boolean;
  requestTimeoutSeconds: number;
  whenNobodyOnline: "offline_form" | "wait";
  offlineForm: boolean;
  language: Lang;
  /** A flow to publish as version 1 instead of the one built from the options above. */
  flow: unknown;
}

/**
 * A chat interface with a published flow. By default: a greeting, then a Live chat step
 * offering both kinds with a 60 s timeout that waits even when nobody is online (tests
 * rarely keep a console open).
 */
export async function createInterface(workspaceId: string, overrides: Partial<InterfaceOptions> = {}) {
  const { chatInterfaces, flowVersions } = await import("../src/db/schema");
  const { FlowSchema } = await import("@raibu/protocol/flow");
  const id = unique("if");
  const identitySecret = `secret-${id}`;
  const live = overrides.allowLive ?? true;
  const video = overrides.allowVideo ?? true;
  const offer = live && video ? "both" : live ? "live" : video ? "video" : null;
  const flow = FlowSchema.parse(
    overrides.flow ?? {
      start: "greeting",
      offerRequestsAnytime: offer !== null,
      steps: [
        { id: "greeting", kind: "message", text: overrides.language === "fr" ? "Bonjour !" : "Hi! How can we help you today?", next: offer ? "human" : null },
        ...(offer
          ? [
              {
                id: "human",
                kind: "live_chat",
                offer,
                timeoutSeconds: overrides.requestTimeoutSeconds ?? 60,
                whenNobodyOnline: overrides.whenNobodyOnline ?? "wait",
                offlineForm: { enabled: overrides.offlineForm ?? true },
              },
            ]
          : []),
      ],
    },
  );
  const db = getDb(env.DB);
  await db.batch([
    db.insert(chatInterfaces).values({
      id,
      workspaceId,
      name: `Site ${id}`,
      language: overrides.language ?? "en",
      allowedOrigins: ["https://customer.example", "http://localhost:*"],
      identitySecret,
      signingKey: `signing-${crypto.randomUUID()}`,
      settings: {},
      draftFlow: flow,
      publishedVersion: 1,
    }),
    db.insert(flowVersions).values({ interfaceId: id, version: 1, workspaceId, definition: flow, publishedAt: Date.now() }),
  ]);
  return { id, identitySecret };
}

export interface TestSocket {
  ws: WebSocket;
  frames: any[];
  send(frame: unknown): void;
  /** Resolves with the first frame (from the start) that matches, waiting for it if needed. */
  next(match: (frame: any) => boolean, timeoutMs?: number): Promise<any>;
  close(): void;
}

export async function openSocket(path: string, headers: Record<string, string> = {}): Promise<TestSocket> {
  const res = await exports.default.fetch(`${ORIGIN}${path}`, { headers: { Upgrade: "websocket", Origin: ORIGIN, ...headers } });
  if (!res.webSocket) throw new Error(`no websocket: ${res.status} ${await res.text()}`);
  const ws = res.webSocket;
  const frames: any[] = [];
  const waiters: Array<() => void> = [];
  ws.accept();
  ws.addEventListener("message", (event) => {
    frames.push(JSON.parse(event.data as string));
    waiters.splice(0).forEach((wake) => wake());
  });
  return {
    ws,
    frames,
    send: (frame) => ws.send(typeof frame === "string" ? frame : JSON.stringify(frame)),
    async next(match, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      let seen = 0;
      for (;;) {
        const found = frames.slice(seen).find(match);
        if (found) return found;
        seen = 0;
        if (Date.now() > deadline) throw new Error(`no matching frame; got ${JSON.stringify(frames.slice(-5))}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    close: () => ws.close(1000, "done"),
  };
}

/** A page view of the widget: the visitor's session (token, name), with no conversation unless one is open. */
export async function pageView(interfaceId: string, token?: string, client = new Client()) {
  const res = await client.post("/api/widget/session", {
    interfaceId,
    visitorToken: token,
    hostOrigin: "https://customer.example",
    page: { url: "https://customer.example/pricing", title: "Pricing", referrer: "https://search.example/" },
    language: "en-GB",
    timeZone: "Europe/London",
  });
  if (res.status !== 200) throw new Error(`session failed: ${JSON.stringify(res.json)}`);
  return res.json as { visitorToken: string; visitorId: string; visitorName: string; conversationId: string | null };
}

/** A visitor of the interface who opened the chat: a session and their open conversation. */
export async function visitorSession(interfaceId: string, token?: string) {
  const client = new Client();
  const session = await pageView(interfaceId, token, client);
  if (session.conversationId) return { ...session, conversationId: session.conversationId };
  const res = await client.request("POST", "/api/widget/conversations", {}, { authorization: `Bearer ${session.visitorToken}` });
  if (res.status !== 200) throw new Error(`conversation failed: ${JSON.stringify(res.json)}`);
  return { ...session, conversationId: (res.json as { conversationId: string }).conversationId };
}

export async function visitorSocket(session: { visitorToken: string; conversationId: string }) {
  const socket = await openSocket(`/ws/visitor?token=${encodeURIComponent(session.visitorToken)}&conversation=${session.conversationId}`);
  await socket.next((f) => f.type === "welcome");
  return socket;
}

export async function agentSocket(client: Client, conversationId: string) {
  const socket = await openSocket(`/ws/conversations/${conversationId}`, { Cookie: client.cookie });
  await socket.next((f) => f.type === "welcome");
  return socket;
}

/** A workspace, an interface (with `overrides`), a signed-in agent and a visitor with an open conversation. */
export async function conversationSetup(overrides: Partial<InterfaceOptions> = {}) {
  const ws = await createWorkspace();
  const iface = await createInterface(ws.id, overrides);
  const agent = await signedIn(ws.id, "agent");
  const session = await visitorSession(iface.id);
  return { ws, iface, agent, session };
}

/** A conversation's Durable Object, for its RPC methods and runInDurableObject. */
export function conversationObject(conversationId: string) {
  return env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversationId));
}

let messageCounter = 0;
export function messageId(): string {
  messageCounter += 1;
  return `m${messageCounter}x${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
}
