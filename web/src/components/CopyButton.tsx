// Copies a text to the clipboard and says so for two seconds; the text stays selectable beside it.
import { createSignal, onCleanup } from "solid-js";
import { useI18n } from "../stores/createI18n";
import { Icon } from "./Icon";

export function CopyButton(props: { text: string; label?: string; testId?: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = createSignal(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text);
      setCopied(true);
      clearTimeout(timer);
      timer = setTimeout(() => setCopied(false), 2000);
    } catch {
      // Clipboard refused (no permission, insecure page): the text can still be selected by hand.
    }
  };

  return (
    <button type="button" class="button small" data-testid={props.testId} aria-label={props.label} onClick={() => void copy()}>
      <Icon name={copied() ? "check" : "copy"} />
      <span aria-live="polite">{copied() ? t("call.copied") : t("call.copy")}</span>
    </button>
  );
}
