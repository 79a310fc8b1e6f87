// The end of a settings form: the outcome of the last save, "unsaved changes", and the submit button.
import { Show } from "solid-js";
import { useI18n } from "../../stores/createI18n";
import { Notice } from "../Notice";

export function FormFooter(props: {
  status: { tone: "error" | "success" | "info"; text: string } | null;
  statusTestId: string;
  dirty: boolean;
  saving: boolean;
  label: string;
  submitTestId: string;
}) {
  const { t } = useI18n();
  return (
    <>
      <Show when={props.status}>
        {(s) => (
          <Notice tone={s().tone} testId={props.statusTestId}>
            {s().text}
          </Notice>
        )}
      </Show>
      <div class="form-actions">
        <Show when={props.dirty}>
          <span class="muted small-text">{t("interface.unsaved")}</span>
        </Show>
        <button type="submit" class="button primary" disabled={props.saving} data-testid={props.submitTestId}>
          {props.saving ? t("interface.saving") : props.label}
        </button>
      </div>
    </>
  );
}
