// The window's title bar: the interface's title, or the assigned agent with an initial
// avatar; the connection state; and the close button.
import { Show } from "solid-js";
import { useI18n } from "../useI18n";
import { CloseIcon } from "./Icons";

/** The first letter of a name, whole even when it is outside the BMP (an emoji, CJK). */
export const initialOf = (name: string) => (Array.from(name.trim())[0] ?? "?").toUpperCase();

export function Header(props: { title: string; agentName: string | null; showAvatar: boolean; status: string | null; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <header class="chat-header">
      <Show when={props.agentName && props.showAvatar}>
        <span class="avatar" role="img" aria-label={t("agentAvatar", { name: props.agentName ?? "" })}>
          {initialOf(props.agentName ?? "")}
        </span>
      </Show>
      <div class="heading">
        <h1>{props.agentName ?? props.title}</h1>
        <Show when={props.status}>
          <p class="subtitle" role="status">
            {props.status}
          </p>
        </Show>
      </div>
      <button type="button" class="icon-button" aria-label={t("close")} title={t("close")} onClick={() => props.onClose()}>
        <CloseIcon />
      </button>
    </header>
  );
}
