// Any console address that matches no page.
import { A } from "@solidjs/router";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useI18n } from "../stores/createI18n";

export function NotFoundPage() {
  const { t } = useI18n();
  useDocumentTitle(() => t("notFound.title"));
  return (
    <div class="page">
      <div class="empty-state" data-testid="not-found">
        <p class="big-code" aria-hidden="true">
          404
        </p>
        <h1>{t("notFound.title")}</h1>
        <p>{t("notFound.body")}</p>
        <A href="/" class="button primary">
          {t("notFound.back")}
        </A>
      </div>
    </div>
  );
}
