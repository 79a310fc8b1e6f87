// A modal yes/no question on the native <dialog>, which traps focus and closes on Escape.
import type { JSX } from "solid-js";
import { useI18n } from "../stores/createI18n";
import { Modal } from "./Modal";

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
  return (
    <Modal open={props.open} title={props.title} onClose={() => props.onCancel()}>
      <div class="dialog-body">{props.children}</div>
      <div class="dialog-actions">
        <button type="button" class="button" onClick={() => props.onCancel()}>
          {t("common.cancel")}
        </button>
        <button type="button" class="button" classList={{ danger: props.danger, primary: !props.danger }} onClick={() => props.onConfirm()}>
          {props.confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
