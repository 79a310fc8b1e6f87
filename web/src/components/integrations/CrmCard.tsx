// One CRM's card. Not connected: the token field (how to get one, the provider's guide) and Connect.
// Connected: the on/off switch, the field mapping, « Sync now » with its progress, the contacts whose
// last push failed, and Disconnect. The token never comes back from the server: only "connected"
// (and, when the provider later refuses it, a field for a new one).
import { createSignal, createUniqueId, Show } from "solid-js";
import type { CrmProvider, Integration } from "@raibu/protocol/integrations";
import { ApiError, useApi } from "../../lib/api";
import { errorText } from "../../lib/errorText";
import { useI18n } from "../../stores/createI18n";
import { ConfirmDialog } from "../ConfirmDialog";
import { Notice } from "../Notice";
import { TextField } from "../TextField";
import { TOKEN_DOCS } from "./catalog";
import { CrmErrors } from "./CrmErrors";
import { MappingEditor } from "./MappingEditor";
import { syncState } from "./syncProgress";
import { useCrmText, type CrmKey } from "./crmTexts";
import type { TextOf } from "./texts";

type Status = { tone: "error" | "success"; text: string } | null;

/** The server's refusals (worker/src/routes/integrations.ts) in the person's words. */
function problemText(err: unknown, t: TextOf<CrmKey>, provider: string): string {
  if (err instanceof ApiError) {
    if (err.code === "invalid_token") return t("crm.invalidToken", { provider });
    if (err.code === "provider_unavailable") return t("crm.unreachable", { provider });
    if (err.code === "token_rejected") return t("crm.tokenRejected", { provider });
    if (err.code === "integration_disabled") return t("crm.disabledSync");
  }
  return t("integrations.failed", { error: errorText(err, t) });
}

export function CrmCard(props: { integration: Integration; onChange: (integration: Integration) => void }) {
  const t = useCrmText();
  const { dateTime } = useI18n();
  const api = useApi();
  const uid = createUniqueId();
  const provider = () => props.integration.provider;
  const name = () => t(`crm.${provider()}`);
  const [busy, setBusy] = createSignal(false);
  const [status, setStatus] = createSignal<Status>(null);
  const [disconnecting, setDisconnecting] = createSignal(false);
  const sync = () => syncState(props.integration.sync);

  const run = async (action: () => Promise<Integration>, success?: string) => {
    setBusy(true);
    setStatus(null);
    try {
      props.onChange(await action());
      if (success) setStatus({ tone: "success", text: success });
    } catch (err) {
      setStatus({ tone: "error", text: problemText(err, t, name()) });
    } finally {
      setBusy(false);
    }
  };

  const disconnect = () => {
    setDisconnecting(false);
    void run(async () => {
      await api.disconnectIntegration(provider());
      return { ...props.integration, connected: false, enabled: false, tokenRejected: false };
    }, t("crm.disconnected", { provider: name() }));
  };

  return (
    <article class="card crm-card" aria-labelledby={`${uid}-title`} data-testid={`crm-${provider()}`} data-connected={props.integration.connected}>
      <div class="card-head">
        <h3 id={`${uid}-title`}>{name()}</h3>
        <span class="badge" classList={{ "crm-connected": props.integration.connected }} data-testid="crm-state">
          {props.integration.connected ? t("crm.connected") : t("crm.notConnected")}
        </span>
      </div>
      <Show
        when={props.integration.connected}
        fallback={<TokenForm provider={provider()} label={t("crm.connect")} onConnected={(next) => (props.onChange(next), setStatus({ tone: "success", text: t("crm.connectedNow", { provider: name() }) }))} />}
      >
        <Show when={props.integration.tokenRejected}>
          <Notice tone="error" testId="crm-token-rejected">
            {t("crm.tokenRejected", { provider: name() })}
          </Notice>
          <TokenForm provider={provider()} label={t("crm.replaceToken")} onConnected={(next) => (props.onChange(next), setStatus({ tone: "success", text: t("crm.connectedNow", { provider: name() }) }))} />
        </Show>
        <label class="check">
          <input type="checkbox" checked={props.integration.enabled} disabled={busy()} data-testid="crm-enabled" onChange={(e) => void run(() => api.saveIntegration(provider(), { enabled: e.currentTarget.checked }))} />
          <span>{t("crm.enabled", { provider: name() })}</span>
        </label>
        <p class="muted small-text">{t("crm.tokenStored")}</p>
        <MappingEditor provider={provider()} mapping={props.integration.mapping} onSave={async (mapping) => props.onChange(await api.saveIntegration(provider(), { mapping }))} />

        <h3 class="subhead">{t("crm.sync")}</h3>
        <div class="crm-sync" data-testid="crm-sync" data-running={sync().running}>
          <Show when={sync().running || props.integration.sync.finishedAt} fallback={<p class="muted">{t("crm.syncNever")}</p>}>
            <progress max={100} value={sync().percent} aria-label={t("crm.progressLabel")} />
            <p aria-live="polite" data-testid="crm-sync-text">
              {sync().running
                ? t("crm.syncing", { done: sync().done, failed: sync().failed, total: sync().total })
                : t("crm.syncLast", { done: sync().done, failed: sync().failed, total: sync().total, when: dateTime(props.integration.sync.finishedAt ?? 0) })}
            </p>
          </Show>
          <button type="button" class="button" disabled={busy() || sync().running || !props.integration.enabled} data-testid="crm-sync-now" onClick={() => void run(() => api.syncIntegration(provider()))}>
            {t("crm.sync")}
          </button>
        </div>

        <CrmErrors provider={provider()} version={`${props.integration.sync.finishedAt ?? 0}`} />
        <div class="form-actions">
          <button type="button" class="button danger-text ghost" disabled={busy()} data-testid="crm-disconnect" onClick={() => setDisconnecting(true)}>
            {t("crm.disconnect")}
          </button>
        </div>
      </Show>
      <Show when={status()}>{(s) => <Notice tone={s().tone} testId="crm-status">{s().text}</Notice>}</Show>
      <ConfirmDialog
        open={disconnecting()}
        title={t("crm.disconnectTitle", { provider: name() })}
        confirmLabel={t("crm.disconnectConfirm")}
        danger
        onConfirm={disconnect}
        onCancel={() => setDisconnecting(false)}
      >
        <p>{t("crm.disconnectBody", { provider: name() })}</p>
      </ConfirmDialog>
    </article>
  );
}

/** The token field: a password input, how to get a token, and the CRM's refusal said beside it. */
function TokenForm(props: { provider: CrmProvider; label: string; onConnected: (integration: Integration) => void }) {
  const t = useCrmText();
  const api = useApi();
  const [token, setToken] = createSignal("");
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const name = () => t(`crm.${props.provider}`);

  const connect = async (e: SubmitEvent) => {
    e.preventDefault();
    const value = token().trim();
    setError(value.length < 8 ? t("crm.tokenRequired") : undefined);
    if (value.length < 8) return;
    setBusy(true);
    try {
      const next = await api.saveIntegration(props.provider, { token: value, enabled: true });
      setToken("");
      props.onConnected(next);
    } catch (err) {
      setError(problemText(err, t, name()));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="integration-stack" noValidate onSubmit={connect} data-testid="crm-token-form">
      <p class="muted">
        {t(`crm.howTo.${props.provider}`)}{" "}
        <a href={TOKEN_DOCS[props.provider]} target="_blank" rel="noopener noreferrer">
          {t(`crm.docs.${props.provider}`)}
        </a>
      </p>
      <TextField
        label={t(`crm.token.${props.provider}`)}
        hint={t("crm.tokenStored")}
        error={error()}
        type="password"
        autocomplete="off"
        spellcheck={false}
        value={token()}
        data-testid="crm-token"
        onInput={(e) => setToken(e.currentTarget.value)}
      />
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={busy()} data-testid="crm-connect">
          {busy() ? t("crm.connecting") : props.label}
        </button>
      </div>
    </form>
  );
}
