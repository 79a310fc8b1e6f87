// Settings → Integrations → CRMs: a card per provider, and the sync's progress read again while
// one runs (the counters live on the server; the page only asks).
import { createEffect, createResource, For, onCleanup, Show } from "solid-js";
import type { CrmProvider, Integration } from "@raibu/protocol/integrations";
import { useApi } from "../../lib/api";
import { errorText } from "../../lib/errorText";
import { Notice } from "../Notice";
import { PROVIDERS } from "./catalog";
import { CrmCard } from "./CrmCard";
import { pollDelay, syncState } from "./syncProgress";
import { useCrmText } from "./crmTexts";

const blank = (provider: CrmProvider): Integration => ({
  provider,
  connected: false,
  enabled: false,
  tokenRejected: false,
  mapping: {},
  sync: { total: 0, done: 0, failed: 0, startedAt: null, finishedAt: null },
});

export function CrmSection() {
  const t = useCrmText();
  const api = useApi();
  const [list, { mutate, refetch }] = createResource(async () => (await api.integrations()).integrations);
  const of = (provider: CrmProvider) => list.latest?.find((i) => i.provider === provider) ?? blank(provider);
  const put = (next: Integration) => mutate((all = []) => [...all.filter((i) => i.provider !== next.provider), next]);

  let timer: ReturnType<typeof setTimeout> | undefined;
  let polls = 0;
  onCleanup(() => clearTimeout(timer));
  createEffect(() => {
    const running = (list.latest ?? []).some((i) => syncState(i.sync).running);
    clearTimeout(timer);
    if (!running) polls = 0;
    else timer = setTimeout(() => void refetch(), pollDelay(polls++));
  });

  return (
    <section class="card crm-section" aria-labelledby="crm-title" data-testid="crms">
      <div>
        <h2 id="crm-title">{t("crm.title")}</h2>
        <p class="muted">{t("crm.intro")}</p>
      </div>
      <Show when={list.error}>
        <Notice tone="error">{t("integrations.loadFailed", { error: errorText(list.error, t) })}</Notice>
      </Show>
      <Show when={list.latest}>
        <div class="crm-cards">
          <For each={PROVIDERS}>{(provider) => <CrmCard integration={of(provider)} onChange={put} />}</For>
        </div>
      </Show>
    </section>
  );
}
