// Telling the consoles that metric events landed: the lobby sends them `{ type: "metrics" }` (at
// most once a second) and the dashboard reads its figures again. Best effort: the events are in D1.
import type { Env } from "../env";
import { lobbyStub } from "../lib/conversationService";

/** Tells the workspace's lobby; a lobby that cannot be reached is logged, the figures are right at the next read. */
export async function metricsChanged(env: Env, workspaceId: string): Promise<void> {
  try {
    await lobbyStub(env, workspaceId).metricsChanged();
  } catch (err) {
    console.error("metrics change not sent to the lobby", err);
  }
}
