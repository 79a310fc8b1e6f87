// Live conversations (visitors, takeovers, requests); announced as coming soon for now.
import { ComingSoon } from "../components/ComingSoon";

export function LiveConversationsPage() {
  return <ComingSoon title="nav.live" about="live.about" icon="live" />;
}
