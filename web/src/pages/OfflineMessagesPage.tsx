// The offline inbox (messages left when nobody answered); announced as coming soon for now.
import { ComingSoon } from "../components/ComingSoon";

export function OfflineMessagesPage() {
  return <ComingSoon title="nav.offline" about="offline.about" icon="offline" />;
}
