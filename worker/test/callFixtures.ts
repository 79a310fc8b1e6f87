// Video-call fixtures: a call made the real way (a visitor's video request an agent accepts) or an
// appointment's call, its links' tokens, and a call socket that keeps its frames and close code.
import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { newAppointmentCall } from "../src/calls/tokens";
import { getDb } from "../src/db/client";
import { appointments, calls, chatInterfaces } from "../src/db/schema";
import { newId } from "../src/lib/crypto";
import { Client, conversationSetup, createInterface, createWorkspace, ORIGIN, unique, visitorSocket } from "./helpers";

const tokenOf = (url: string) => new URL(url).searchParams.get("t")!;

export async function signingKeyOf(interfaceId: string): Promise<string> {
  const [row] = await getDb(env.DB).select({ key: chatInterfaces.signingKey }).from(chatInterfaces).where(eq(chatInterfaces.id, interfaceId));
  return row!.key;
}

/** A conversation whose visitor asked for video and an agent accepted: the call, both tokens, and the visitor's chat socket. */
export async function videoCall() {
  const setup = await conversationSetup();
  const chat = await visitorSocket(setup.session);
  chat.send({ type: "request", kind: "video" });
  await chat.next((f) => f.type === "state" && f.conversation.status === "requested");
  const res = await setup.agent.client.post(`/api/conversations/${setup.session.conversationId}/accept`);
  if (res.status !== 200) throw new Error(`accept failed: ${JSON.stringify(res.json)}`);
  const call = res.json.conversation.call as { callId: string; url: string; agentUrl: string };
  return { ...setup, chat, callId: call.callId, agentToken: tokenOf(call.agentUrl), visitorToken: tokenOf(call.url) };
}

/** An appointment booked straight into D1, with its call (no conversation, no agent yet). */
export async function appointmentCall() {
  const ws = await createWorkspace();
  const iface = await createInterface(ws.id, { language: "fr" });
  const startsAt = Date.now() + 60 * 60 * 1000;
  const made = await newAppointmentCall({ interfaceId: iface.id, signingKey: await signingKeyOf(iface.id), appOrigin: ORIGIN }, { endsAt: startsAt + 30 * 60 * 1000 });
  const appointmentId = newId();
  await getDb(env.DB).batch([
    getDb(env.DB).insert(appointments).values({
      id: appointmentId,
      workspaceId: ws.id,
      interfaceId: iface.id,
      name: "Camille Martin",
      email: "camille@example.test",
      lang: "fr",
      startsAt,
      endsAt: startsAt + 30 * 60 * 1000,
      callId: made.callId,
      bookingKey: unique("booking"),
      manageKey: unique("manage"),
    }),
    getDb(env.DB).insert(calls).values({ id: made.callId, workspaceId: ws.id, appointmentId, expiresAt: made.expiresAt }),
  ]);
  return { ws, iface, startsAt, made, callId: made.callId, agentToken: tokenOf(made.agentUrl), visitorToken: tokenOf(made.visitorUrl) };
}

export function callInfo(callId: string, token: string, client = new Client()) {
  return client.get(`/api/calls/${callId}?t=${encodeURIComponent(token)}`);
}

export interface CallSocket {
  ws: WebSocket;
  frames: any[];
  /** Resolves with the close code once the server closes it. */
  closed: Promise<number>;
  send(frame: unknown): void;
  next(match: (frame: any) => boolean, timeoutMs?: number): Promise<any>;
}

/** Opens a call socket; an HTTP refusal (before any socket) comes back as `{ status, json }`. */
export async function openCallSocket(callId: string, token: string, headers: Record<string, string> = {}, page?: string): Promise<CallSocket | { status: number; json: any }> {
  const res = await exports.default.fetch(`${ORIGIN}/ws/calls/${callId}?t=${encodeURIComponent(token)}${page ? `&page=${page}` : ""}`, {
    headers: { Upgrade: "websocket", Origin: ORIGIN, "CF-Connecting-IP": unique("ip"), ...headers },
  });
  if (!res.webSocket) return { status: res.status, json: await res.json() };
  const ws = res.webSocket;
  const frames: any[] = [];
  const wake: Array<() => void> = [];
  const closed = new Promise<number>((resolve) => ws.addEventListener("close", (event) => resolve(event.code)));
  ws.addEventListener("message", (event) => {
    frames.push(JSON.parse(event.data as string));
    wake.splice(0).forEach((w) => w());
  });
  ws.accept();
  return {
    ws,
    frames,
    closed,
    send: (frame) => ws.send(typeof frame === "string" ? frame : JSON.stringify(frame)),
    async next(match, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = frames.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching frame; got ${JSON.stringify(frames.slice(-5))}`);
        await new Promise<void>((resolve) => {
          wake.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
  };
}

/** A call socket that must open. */
export async function joinCall(callId: string, token: string, headers: Record<string, string> = {}, page?: string): Promise<CallSocket> {
  const socket = await openCallSocket(callId, token, headers, page);
  if (!("ws" in socket)) throw new Error(`call socket refused: ${socket.status} ${JSON.stringify(socket.json)}`);
  return socket;
}

/** The call's object, for its RPC and runInDurableObject. */
export const callObject = (callId: string) => env.CALLS.get(env.CALLS.idFromName(callId));
