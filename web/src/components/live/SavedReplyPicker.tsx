// The list of saved replies the reply box shows while a `/query` is typed. The focus stays in
// the box (it drives the list with the arrows, Enter and Esc); a pointer can pick too.
import { A } from "@solidjs/router";
import { createEffect, For, Match, Show, Switch } from "solid-js";
import type { SavedReply } from "../../lib/savedReplies";
import { useI18n } from "../../stores/createI18n";

type Props = {
  id: string;
  replies: SavedReply[];
  loading: boolean;
  query: string;
  active: number;
  onPick: (reply: SavedReply) => void;
  onHover: (index: number) => void;
};

export const optionId = (listId: string, index: number) => `${listId}-${index}`;

export function SavedReplyPicker(props: Props) {
  const { t } = useI18n();

  createEffect(() => document.getElementById(optionId(props.id, props.active))?.scrollIntoView({ block: "nearest" }));

  return (
    <div class="reply-picker" data-testid="saved-reply-picker">
      <p class="reply-picker-head">
        <strong>{t("savedReplies.picker")}</strong>
        <span class="muted">{t("savedReplies.pickerHint")}</span>
      </p>
      <Switch>
        <Match when={props.replies.length > 0}>
          <ul id={props.id} role="listbox" aria-label={t("savedReplies.picker")} class="reply-options">
            <For each={props.replies}>
              {(reply, index) => (
                <li
                  id={optionId(props.id, index())}
                  role="option"
                  aria-selected={index() === props.active}
                  class="reply-option"
                  data-testid="saved-reply-option"
                  data-shortcut={reply.shortcut}
                  // The box keeps the focus (and its caret) while the pointer picks.
                  onMouseDown={(e) => e.preventDefault()}
                  onMouseMove={() => index() !== props.active && props.onHover(index())}
                  onClick={() => props.onPick(reply)}
                >
                  <span class="reply-shortcut">/{reply.shortcut}</span>
                  <span class="reply-tags">
                    <Show when={reply.language}>{(language) => <span class="badge">{language().toUpperCase()}</span>}</Show>
                    <span class="badge">{t(reply.scope === "workspace" ? "savedReplies.scope.workspace" : "savedReplies.scope.personal")}</span>
                  </span>
                  <span class="reply-body">{reply.body}</span>
                </li>
              )}
            </For>
          </ul>
        </Match>
        <Match when={props.loading}>
          <p class="reply-picker-empty muted" role="status">
            {t("common.loading")}
          </p>
        </Match>
        <Match when={true}>
          <p class="reply-picker-empty muted" role="status" data-testid="saved-reply-none">
            {props.query ? t("savedReplies.noMatch", { query: props.query }) : t("savedReplies.none")}{" "}
            <A href="/settings/saved-replies" onMouseDown={(e: MouseEvent) => e.preventDefault()}>
              {t("savedReplies.manage")}
            </A>
          </p>
        </Match>
      </Switch>
    </div>
  );
}
