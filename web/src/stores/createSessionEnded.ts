// The server ended this agent's session (a logout in another tab, a password reset, removal from
// the team) and closed its sockets with 4001: the console forgets the agent and shows the sign-in
// page, as it does for a 401 from the API.
import { useNavigate } from "@solidjs/router";
import { loginUrl, toRoute } from "../lib/paths";
import { useSession } from "./createSession";

/** Returns what to do when a live socket reports its session ended; call it inside a component. */
export function createSessionEnded(): () => void {
  const session = useSession();
  const navigate = useNavigate();
  return () => {
    session.clear();
    if (!window.location.pathname.startsWith("/app/login")) navigate(toRoute(loginUrl()), { replace: true });
  };
}
