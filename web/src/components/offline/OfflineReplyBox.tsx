// The reply box under a thread: the text goes by email to the visitor. Each reply carries an id
// made when it is first sent and kept until the server has stored it, so sending again after a
// failed connection never stores or emails it twice.
import { createSignal, createUniqueId, Show } from "solid-js";
import type { OfflineMessage } from "@raibu/protocol/offline";
import { OFFLINE_MESSAGE_MAX } from "@raibu/protocol/offlineLimits";
import { useApi } from "../../lib/api";
import { errorText } from "../../lib/errorText";
import { useOfflineText } from "./texts";
import { Icon } from "../Icon";
import { Notice } from "../Notice";
import { newReplyId } from "./threadMessages";

export function OfflineReplyBox(props: { threadId: string; email: string; onSent: (message: OfflineMessage) => void }) {
  const t = useOfflineText();
  const api = useApi();
  const fieldId = createUniqueId();
  const [text, setText] = createSignal("");
  const [sending, setSending] = createSignal(false);
  const [problem, setProblem] = createSignal("");
  // Kept across attempts of the same text; a changed text is a new reply.
  let replyId: string | null = null;
  let idText = "";

  async function send(e?: Event) {
    e?.preventDefault();
    const body = text().trim();
    if (!body || sending()) return;
    if (!replyId || idText !== body) {
      replyId = newReplyId();
      idText = body;
    }
    setSending(true);
    setProblem("");
    try {
      props.onSent(await api.replyOffline(props.threadId, replyId, body));
      replyId = null;
      setText("");
    } catch (err) {
      setProblem(errorText(err, t));
    } finally {
      setSending(false);
    }
  }

  return (
    <form class="offline-reply" data-testid="offline-reply-form" onSubmit={send}>
      <label for={fieldId} class="small-text">
        {t("offline.reply.label", { email: props.email })}
      </label>
      <textarea
        id={fieldId}
        class="textarea"
        data-testid="offline-reply"
        rows={3}
        maxLength={OFFLINE_MESSAGE_MAX}
        placeholder={t("offline.reply.placeholder")}
        value={text()}
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => e.key === "Enter" && (e.ctrlKey || e.metaKey) && void send(e)}
      />
      <Show when={problem()}>
        <Notice tone="error" testId="offline-reply-error">
          {problem()}
        </Notice>
      </Show>
      <div class="offline-reply-foot">
        <span class="muted small-text">{t("offline.reply.hint")}</span>
        <button type="submit" class="button primary" data-testid="offline-reply-send" disabled={sending() || !text().trim()}>
          <Icon name="send" />
          <span>{sending() ? t("offline.reply.sending") : t("offline.reply.send")}</span>
        </button>
      </div>
    </form>
  );
}
