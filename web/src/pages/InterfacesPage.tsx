// Settings → Chat interfaces: the workspace's widgets, each with its look, websites and bot flow.
import { A } from "@solidjs/router";
import { createResource, For, Show } from "solid-js";
import { Icon } from "../components/Icon";
import { Notice } from "../components/Notice";
import { useApi } from "../lib/api";
import { errorText } from "../lib/errorText";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useI18n } from "../stores/createI18n";
import { useSession } from "../stores/createSession";
import "../components/interfaces/interfaces.css";

export function InterfacesPage() {
  const { t } = useI18n();
  const api = useApi();
  const session = useSession();
  const [interfaces, { refetch }] = createResource(async () => (await api.interfaces()).interfaces);
  useDocumentTitle(() => `${t("interfaces.title")} · ${t("settings.title")}`);

  const editPath = (id: string) => `/settings/interfaces/${encodeURIComponent(id)}`;

  return (
    <section class="card" aria-labelledby="interfaces-title">
      <div class="card-head">
        <div>
          <h2 id="interfaces-title">{t("interfaces.title")}</h2>
          <p class="muted">{t("interfaces.intro")}</p>
        </div>
        <Show when={session.isAdmin()}>
          <A href="/settings/interfaces/new" class="button primary card-action" data-testid="new-interface">
            <Icon name="plus" />
            <span>{t("interfaces.new")}</span>
          </A>
        </Show>
      </div>
      <Show when={!session.isAdmin()}>
        <p class="muted read-only" data-testid="interfaces-read-only">
          {t("interfaces.readOnly")}
        </p>
      </Show>
      <Show when={interfaces.error}>
        <Notice tone="error">{errorText(interfaces.error, t)}</Notice>
        <div>
          <button type="button" class="button small" onClick={() => void refetch()}>
            {t("common.retry")}
          </button>
        </div>
      </Show>
      <Show when={interfaces.loading && !interfaces.latest}>
        <p class="muted" role="status">
          {t("common.loading")}
        </p>
      </Show>
      <Show when={!interfaces.error && interfaces.latest}>
        {(list) => (
          <>
            <ul class="bare-list interface-list" data-testid="interfaces-list">
              <For each={list()}>
                {(item) => (
                  <li class="list-row interface-row" data-testid="interface-row" data-interface-id={item.id}>
                    <div class="interface-info">
                      <Show when={session.isAdmin()} fallback={<span class="interface-name">{item.name}</span>}>
                        <A href={editPath(item.id)} class="interface-name">
                          {item.name}
                        </A>
                      </Show>
                      <span class="muted small-text">{t(`lang.${item.language}`)}</span>
                    </div>
                    <Show when={session.isAdmin()}>
                      <div class="row-actions">
                        <A href={`${editPath(item.id)}/flow`} class="button small" aria-label={t("interfaces.flowOf", { name: item.name })}>
                          <Icon name="flow" />
                          <span>{t("interfaces.flow")}</span>
                        </A>
                        <A href={editPath(item.id)} class="button small" aria-label={t("interfaces.editOf", { name: item.name })}>
                          {t("interfaces.edit")}
                        </A>
                      </div>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
            <Show when={list().length === 0}>
              <p class="muted">{t("interfaces.empty")}</p>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
