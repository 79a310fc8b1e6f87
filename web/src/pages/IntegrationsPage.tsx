// Settings → Integrations (owners and admins): signed webhooks and the CRM connections. Loaded on
// demand with its texts (App.tsx); an agent who opens the address is told it is the admins'.
import { lazy, Show, Suspense } from "solid-js";
import { useIntegrationText } from "../components/integrations/texts";
import { Icon } from "../components/Icon";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useSession } from "../stores/createSession";
import "../components/integrations/integrations.css";

// Each section with its texts in its own chunk, so that neither outweighs a page loaded on demand.
const WebhooksSection = lazy(() => import("../components/integrations/WebhooksSection").then((m) => ({ default: m.WebhooksSection })));
const CrmSection = lazy(() => import("../components/integrations/CrmSection").then((m) => ({ default: m.CrmSection })));

export function IntegrationsPage() {
  const t = useIntegrationText();
  const session = useSession();
  useDocumentTitle(() => `${t("settings.integrations")} · ${t("settings.title")}`);

  return (
    <Show
      when={session.isAdmin()}
      fallback={
        <section class="empty-state" data-testid="integrations-admin-only">
          <span class="empty-icon">
            <Icon name="shield" />
          </span>
          <h2 class="empty-title">{t("integrations.adminOnlyTitle")}</h2>
          <p class="muted">{t("integrations.adminOnly")}</p>
        </section>
      }
    >
      <div class="integrations" data-testid="integrations">
        <Suspense fallback={<p class="muted" role="status">{t("common.loading")}</p>}>
          <WebhooksSection />
          <CrmSection />
        </Suspense>
      </div>
    </Show>
  );
}
