// The dashboard (metrics and appointments); announced as coming soon for now.
import { ComingSoon } from "../components/ComingSoon";

export function DashboardPage() {
  return <ComingSoon title="nav.dashboard" about="dashboard.about" icon="dashboard" />;
}
