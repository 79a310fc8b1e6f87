// Ending a console session also ends its open sockets (the lobby and every conversation),
// with close code 4001 "session_ended": a socket is authenticated once, at its upgrade, so
// deleting the session row alone would leave a signed-out or removed agent listening.
import type { Env } from "../env";
import { lobbyStub } from "./conversationService";

/**
 * Closes the sockets of `session` (a session token hash), or of every session of the user
 * when `session` is null. The workspace's lobby knows the user's sockets and conversations.
 */
export async function endSessionSockets(env: Env, workspaceId: string, userId: string, session: string | null): Promise<void> {
  await lobbyStub(env, workspaceId).endSessions(userId, session);
}
