// Identity verification: the interface's secret (hidden until asked), how a website signs its
// users with it, and rotating it when it may have leaked.
import { createSignal, createUniqueId, Show } from "solid-js";
import { errorText } from "../../lib/errorText";
import { identityExample } from "../../lib/interfaceForm";
import { useI18n } from "../../stores/createI18n";
import { ConfirmDialog } from "../ConfirmDialog";
import { CopyButton } from "../CopyButton";
import { Icon } from "../Icon";
import { Notice } from "../Notice";

type Props = { secret: string; onRotate: () => Promise<unknown> };

export function IdentitySecret(props: Props) {
  const { t } = useI18n();
  const uid = createUniqueId();
  const [revealed, setRevealed] = createSignal(false);
  const [confirming, setConfirming] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [status, setStatus] = createSignal<{ tone: "error" | "success"; text: string } | null>(null);

  const rotate = async () => {
    setConfirming(false);
    setBusy(true);
    setStatus(null);
    try {
      await props.onRotate();
      setStatus({ tone: "success", text: t("interface.secretRotated") });
    } catch (err) {
      setStatus({ tone: "error", text: errorText(err, t) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby={`${uid}-title`}>
      <div>
        <h3 id={`${uid}-title`}>{t("interface.identityTitle")}</h3>
        <p class="muted small-text">{t("interface.identityIntro")}</p>
      </div>
      <div class="field">
        <label for={`${uid}-secret`}>{t("interface.secret")}</label>
        <div class="secret-row">
          <input
            id={`${uid}-secret`}
            class="mono"
            type={revealed() ? "text" : "password"}
            readOnly
            value={props.secret}
            autocomplete="off"
            data-testid="identity-secret"
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" class="button small" aria-pressed={revealed()} data-testid="reveal-secret" onClick={() => setRevealed(!revealed())}>
            {revealed() ? t("interface.secretHide") : t("interface.secretShow")}
          </button>
          <CopyButton text={props.secret} label={t("interface.secretCopy")} testId="copy-secret" />
          <button type="button" class="button small danger-text" data-testid="rotate-secret" disabled={busy()} onClick={() => setConfirming(true)}>
            <Icon name="refresh" />
            <span>{t("interface.secretRotate")}</span>
          </button>
        </div>
      </div>
      <Show when={status()}>
        {(s) => (
          <Notice tone={s().tone} testId="secret-status">
            {s().text}
          </Notice>
        )}
      </Show>
      <div class="code-block">
        <div class="code-head">
          <span class="small-text">{t("interface.identityExample")}</span>
          <CopyButton text={identityExample()} label={t("interface.identityExampleCopy")} />
        </div>
        <pre>
          <code>{identityExample()}</code>
        </pre>
      </div>
      <ConfirmDialog
        open={confirming()}
        title={t("interface.rotateTitle")}
        confirmLabel={t("interface.rotateConfirm")}
        danger
        onConfirm={() => void rotate()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t("interface.rotateBody")}</p>
      </ConfirmDialog>
    </section>
  );
}
