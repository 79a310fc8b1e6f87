// A modal yes/no question on the native <dialog>, which traps focus and closes on Escape.
import { createEffect, createUniqueId, type JSX } from "solid-js";
import { useI18n } from "../stores/createI18n";
import "./dialog.css";

type Props = {
  open: boolean;
  title: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children: JSX.Element;
};

export function ConfirmDialog(props: Props) {
  const { t } = useI18n();
  let dialog!: HTMLDialogElement;
  const titleId = createUniqueId();

  createEffect(() => {
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  });

  return (
    <dialog ref={dialog} class="dialog" aria-labelledby={titleId} onClose={() => props.open && props.onCancel()}>
      <h2 id={titleId}>{props.title}</h2>
      <div class="dialog-body">{props.children}</div>
      <div class="dialog-actions">
        <button type="button" class="button" onClick={() => props.onCancel()}>
          {t("common.cancel")}
        </button>
        <button type="button" class="button" classList={{ danger: props.danger, primary: !props.danger }} onClick={() => props.onConfirm()}>
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
