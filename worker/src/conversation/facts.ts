// The facts the status machine asks for that take an await: a call's links, whether the interface's
// business hours have the team at work, how many agents are online in the lobby. A source that cannot
// answer is read the way that keeps a visitor's request alive: hours open, some agent online.
import type { OpenNow } from "@raibu/protocol/businessHours";
import { getDb } from "../db/client";
import { interfaceOpenAt } from "../db/interfaces";
import type { Env } from "../env";
import { newCall } from "./links";
import type { ConversationState } from "./state";
import type { NeededFact, StatusFacts } from "./statusMachine";

/** The offline thread is not among them: the object writes it from the submission (offline/threads.ts). */
export async function gatherFact(needs: Exclude<NeededFact, "offlineThread">, env: Env, s: ConversationState, now = Date.now()): Promise<Partial<StatusFacts>> {
  switch (needs) {
    case "call":
      return { call: await newCall(s, now) };
    case "hours":
      return { hours: await openNow(env, s, now) };
    case "onlineAgents":
      return { onlineAgents: await onlineAgents(env, s) };
  }
}

async function openNow(env: Env, s: ConversationState, now: number): Promise<OpenNow> {
  try {
    return await interfaceOpenAt(getDb(env.DB), s.interfaceId, s.workspaceId, now);
  } catch (err) {
    console.error("could not read business hours", err);
    return { open: true };
  }
}

async function onlineAgents(env: Env, s: ConversationState): Promise<number> {
  try {
    return await env.WORKSPACES.get(env.WORKSPACES.idFromName(s.workspaceId)).onlineAgentCount();
  } catch (err) {
    console.error("could not read agent presence", err);
    return 1;
  }
}
