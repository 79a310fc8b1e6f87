// The window's title bar: the interface's title or the assigned agent's name, the agent's
// initial avatar; the connection state; and the close button.
import { Show } from "solid-js";
import { t } from "../language";
import { CloseIcon } from "./Icons";

/** The first letter of a name, whole even when it is outside the BMP (an emoji, CJK). */
export const initialOf = (name: string) => (Array.from(name.trim())[0] ?? "?").toUpperCase();

/** `avatar` is the agent whose initial is shown, null for none. */
export function Header(props: { heading: string; avatar: string | null; status: string | null; onClose: () => void }) {
  return (
    <header class="chat-header">
      <Show when={props.avatar}>
        {(name) => (
          <span class="avatar" role="img" aria-label={t("agentAvatar", { name: name() })}>
            {initialOf(name())}
          </span>
        )}
      </Show>
      <div class="heading">
        <h1>{props.heading}</h1>
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
