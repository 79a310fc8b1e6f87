// The contacts whose last push to a CRM failed, with the provider's words, latest first, by pages;
// read again when a sync ends (`version`).
import { A } from "@solidjs/router";
import { createEffect, createSignal, For, on, Show } from "solid-js";
import type { CrmError, CrmProvider } from "@raibu/protocol/integrations";
import { useApi } from "../../lib/api";
import { errorText } from "../../lib/errorText";
import { useI18n } from "../../stores/createI18n";
import { Notice } from "../Notice";
import { useCrmText } from "./crmTexts";

export function CrmErrors(props: { provider: CrmProvider; version: string }) {
  const t = useCrmText();
  const { dateTime } = useI18n();
  const api = useApi();
  const [errors, setErrors] = createSignal<CrmError[] | null>(null);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [problem, setProblem] = createSignal<string | null>(null);

  const read = async (from?: string) => {
    try {
      const page = await api.integrationErrors(props.provider, from);
      setErrors((known) => (from ? [...(known ?? []), ...page.errors] : page.errors));
      setCursor(page.nextCursor);
      setProblem(null);
    } catch (err) {
      setProblem(t("integrations.loadFailed", { error: errorText(err, t) }));
    }
  };
  createEffect(on(() => props.version, () => void read()));

  return (
    <>
      <h3 class="subhead">{t("crm.errors")}</h3>
      <Show when={problem()}>{(text) => <Notice tone="error">{text()}</Notice>}</Show>
      <Show when={errors()}>
        {(list) => (
          <Show when={list().length > 0} fallback={<p class="muted">{t("crm.errorsEmpty")}</p>}>
            <ul class="bare-list crm-errors" data-testid="crm-errors">
              <For each={list()}>
                {(item) => (
                  <li>
                    <A href={`/contacts/${encodeURIComponent(item.contactId)}`}>{item.name || item.email || item.contactId}</A>
                    <Show when={item.name && item.email}>
                      <span class="muted"> {item.email}</span>
                    </Show>
                    <span class="muted small-text"> · {dateTime(item.at)}</span>
                    <p class="field-error break">{item.error}</p>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
      <Show when={cursor()}>
        {(from) => (
          <button type="button" class="button small" onClick={() => void read(from())}>
            {t("crm.moreErrors")}
          </button>
        )}
      </Show>
    </>
  );
}
