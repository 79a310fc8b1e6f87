// Placeholder body of a console page that is not available yet.
import { useI18n } from "../stores/createI18n";
import type { MessageKey } from "../lib/i18n";
import { Icon, type IconName } from "./Icon";
import { useDocumentTitle } from "../lib/useDocumentTitle";

export function ComingSoon(props: { title: MessageKey; about: MessageKey; icon: IconName }) {
  const { t } = useI18n();
  useDocumentTitle(() => t(props.title));
  return (
    <div class="page">
      <header class="page-head">
        <h1>{t(props.title)}</h1>
        <p class="page-about">{t(props.about)}</p>
      </header>
      <div class="empty-state" data-testid="coming-soon">
        <span class="empty-icon">
          <Icon name={props.icon} />
        </span>
        <p class="empty-title">{t("soon.title")}</p>
        <p>{t("soon.body")}</p>
      </div>
    </div>
  );
}
