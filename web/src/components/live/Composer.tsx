// The agent's message box: Enter sends, Shift+Enter breaks the line. What is typed is kept as
// the conversation's draft (lib/drafts.ts) until sent, and reported to the conversation
// session, which tells the visitor when the agent starts and stops typing. `/` opens the saved
// replies. A file chosen, pasted or dropped waits with a preview until it is sent (uploaded
// first, then sent with the text as one message) or removed.
import { createSignal, onCleanup, Show } from "solid-js";
import { MAX_MESSAGE_LENGTH } from "@raibu/protocol/limits";
import { acceptedTypes, attachmentProblem, pastedFile } from "../../../../client/attachments";
import { formatBytes } from "../../../../client/formatBytes";
import type { ShownAttachment } from "../../../../client/timeline";
import { useApi } from "../../lib/api";
import { browserStorage, clearDraft, draftKey, loadDraft, saveDraft } from "../../lib/drafts";
import { errorText } from "../../lib/errorText";
import { fillReply, insertAt, registerSavedReplyPicker, type SavedReply } from "../../lib/savedReplies";
import { useI18n } from "../../stores/createI18n";
import { useLobby } from "../../stores/createLobby";
import { useSession } from "../../stores/createSession";
import { Icon } from "../Icon";
import { createReplyPicker } from "./createReplyPicker";
import { optionId, SavedReplyPicker } from "./SavedReplyPicker";
import "./composer.css";

type Props = {
  conversationId: string;
  /** Why the agent cannot reply, or null when they can. */
  blockedReason: string | null;
  onSend: (text: string, attachment?: ShownAttachment) => void;
  /** True on a keystroke that leaves text in the box, false when it is emptied or goes away. */
  onTyping: (typing: boolean) => void;
};

type Pending = { file: File; url: string | null };

const PICKER_ID = "saved-reply-options";

export function Composer(props: Props) {
  const { t, lang } = useI18n();
  const api = useApi();
  const session = useSession();
  const lobby = useLobby();
  const me = session.me();
  const storage = browserStorage();
  const key = me ? draftKey(me.workspace.id, me.id, props.conversationId) : null;
  const [text, setText] = createSignal(key ? loadDraft(storage, key) : "");
  const [pending, setPending] = createSignal<Pending | null>(null);
  const [uploading, setUploading] = createSignal<string | null>(null);
  const [fileError, setFileError] = createSignal("");
  const [dropping, setDropping] = createSignal(false);
  let textarea!: HTMLTextAreaElement;
  let fileInput!: HTMLInputElement;

  const disabled = () => props.blockedReason !== null;
  const over = () => text().length - MAX_MESSAGE_LENGTH;
  const canSend = () => !disabled() && uploading() === null && over() <= 0 && (text().trim() !== "" || pending() !== null);
  const picker = createReplyPicker({
    api,
    enabled: () => !disabled(),
    visitorId: () => lobby.row(props.conversationId)?.visitorId,
    interfaceId: () => lobby.row(props.conversationId)?.interfaceId,
    agentName: () => session.me()?.name ?? null,
  });

  // A box that goes away (another conversation, the page left) is no longer being typed in;
  // a file it was holding is let go.
  onCleanup(() => {
    props.onTyping(false);
    discardPending();
  });

  // A keyboard shortcut elsewhere in the console opens the picker as typing `/` would.
  onCleanup(
    registerSavedReplyPicker(() => {
      if (disabled()) return false;
      const caret = textarea.selectionStart;
      const value = textarea.value;
      const slash = caret === 0 || /\s/.test(value[caret - 1]!) ? "/" : " /";
      write(value.slice(0, caret) + slash + value.slice(textarea.selectionEnd));
      textarea.focus();
      textarea.setSelectionRange(caret + slash.length, caret + slash.length);
      picker.follow(textarea);
      return true;
    }),
  );

  /** The box's text, kept as the draft as it changes. */
  function write(value: string) {
    setText(value);
    textarea.value = value;
    if (key) saveDraft(storage, key, value);
  }

  function onInput(value: string) {
    write(value);
    picker.follow(textarea);
    if (!disabled()) props.onTyping(value.trim() !== "");
  }

  async function insert(reply: SavedReply) {
    const token = picker.token();
    if (!token) return;
    const filled = fillReply(reply.body, await picker.facts());
    const next = insertAt(textarea.value, token, filled);
    write(next.text);
    picker.close();
    textarea.focus();
    textarea.setSelectionRange(next.caret, next.caret);
    props.onTyping(next.text.trim() !== "");
  }

  function onKeyDown(e: KeyboardEvent) {
    if (picker.open()) {
      const choices = picker.matches();
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!choices.length) return;
        e.preventDefault();
        return picker.move(e.key === "ArrowDown" ? 1 : -1);
      }
      if ((e.key === "Enter" || e.key === "Tab") && !e.shiftKey && !e.isComposing && choices.length) {
        e.preventDefault();
        return void insert(choices[picker.active()]!);
      }
      if (e.key === "Escape") {
        // Closes the list only: the console's own Esc handling must not see it.
        e.preventDefault();
        e.stopPropagation();
        return picker.dismiss();
      }
    }
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void submit();
    }
  }

  async function submit() {
    if (!canSend()) return;
    const held = pending();
    let attachment: ShownAttachment | undefined;
    if (held) {
      setFileError("");
      setUploading(held.file.name);
      try {
        const stored = await api.upload(props.conversationId, held.file);
        // The local preview shows until the server's message brings the signed link.
        attachment = { ...stored, url: held.url ?? "" };
        setPending(null);
      } catch (err) {
        return setFileError(errorText(err, t));
      } finally {
        setUploading(null);
      }
    }
    // Read after the upload: what was typed meanwhile goes with it.
    props.onSend(text(), attachment);
    write("");
    if (key) clearDraft(storage, key);
    picker.close();
    props.onTyping(false);
    textarea.focus();
  }

  function attach(file: File | undefined) {
    setFileError("");
    if (!file || disabled()) return;
    const problem = attachmentProblem(file);
    if (problem) return setFileError(t(problem === "fileTooLarge" ? "composer.fileTooBig" : "composer.fileType"));
    discardPending();
    setPending({ file, url: file.type.startsWith("image/") ? URL.createObjectURL(file) : null });
    textarea.focus();
  }

  function discardPending() {
    const held = pending();
    if (held?.url) URL.revokeObjectURL(held.url);
    setPending(null);
  }

  const carriesFiles = (e: DragEvent) => !disabled() && !!e.dataTransfer?.types.includes("Files");

  return (
    <form
      class="composer"
      classList={{ disabled: disabled(), dropping: dropping() }}
      data-testid="composer-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onDragOver={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        setDropping(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropping(false);
      }}
      onDrop={(e) => {
        setDropping(false);
        if (!carriesFiles(e)) return;
        e.preventDefault();
        attach(e.dataTransfer?.files[0]);
      }}
    >
      <Show when={props.blockedReason}>
        <p class="composer-why" id="composer-why" data-testid="composer-why">
          {props.blockedReason}
        </p>
      </Show>
      <Show when={picker.open()}>
        <SavedReplyPicker
          id={PICKER_ID}
          replies={picker.matches()}
          loading={picker.loading()}
          query={picker.token()?.query ?? ""}
          active={picker.active()}
          onPick={(reply) => void insert(reply)}
          onHover={picker.setActive}
        />
      </Show>
      <label for="composer" class="sr-only">
        {t("composer.label")}
      </label>
      <textarea
        id="composer"
        ref={textarea}
        class="textarea"
        data-testid="composer"
        rows={3}
        placeholder={disabled() ? "" : dropping() ? t("composer.dropHere") : t("composer.placeholder")}
        value={text()}
        disabled={disabled()}
        aria-invalid={over() > 0 ? true : undefined}
        aria-describedby={[disabled() ? "composer-why" : "composer-hint", over() > 0 ? "composer-error" : ""].filter(Boolean).join(" ")}
        aria-autocomplete="list"
        aria-controls={picker.open() && picker.matches().length ? PICKER_ID : undefined}
        aria-activedescendant={picker.open() && picker.matches().length ? optionId(PICKER_ID, picker.active()) : undefined}
        onInput={(e) => onInput(e.currentTarget.value)}
        onClick={(e) => picker.follow(e.currentTarget)}
        onKeyUp={(e) => (e.key === "ArrowLeft" || e.key === "ArrowRight" || e.key === "Home" || e.key === "End") && picker.follow(e.currentTarget)}
        onBlur={() => {
          props.onTyping(false);
          picker.close();
        }}
        onPaste={(e) => {
          // Text wins when there is some (a copy from Word carries a picture of it too).
          const file = pastedFile(e.clipboardData);
          if (!file) return;
          e.preventDefault();
          attach(file);
        }}
        // Not delegated: Esc that closes the list must stop before the document's listeners.
        on:keydown={onKeyDown}
      />
      <Show when={pending()}>
        {(held) => (
          <div class="composer-attachment" data-testid="attachment-preview">
            <Show when={held().url} fallback={<Icon name="paperclip" />}>
              {(url) => <img src={url()} alt={held().file.name} data-testid="attachment-preview-image" />}
            </Show>
            <span class="composer-attachment-text">
              <span class="composer-attachment-name">{held().file.name}</span>
              <span class="muted">
                {formatBytes(held().file.size, lang())} · {t("composer.attachmentReady")}
              </span>
            </span>
            <button
              type="button"
              class="button ghost small"
              data-testid="attachment-remove"
              aria-label={t("composer.removeAttachment", { name: held().file.name })}
              title={t("composer.removeAttachment", { name: held().file.name })}
              disabled={uploading() !== null}
              onClick={() => {
                discardPending();
                textarea.focus();
              }}
            >
              <Icon name="close" />
            </button>
          </div>
        )}
      </Show>
      <Show when={over() > 0}>
        <p class="field-error" id="composer-error" role="alert" data-testid="composer-error">
          {t("composer.tooLong", { max: MAX_MESSAGE_LENGTH, over: over() })}
        </p>
      </Show>
      <Show when={fileError()}>
        <p class="field-error" role="alert" data-testid="attachment-error">
          {fileError()}
        </p>
      </Show>
      <div class="composer-bar">
        <input
          ref={fileInput}
          type="file"
          class="sr-only"
          tabIndex={-1}
          aria-hidden="true"
          accept={acceptedTypes}
          data-testid="attach-input"
          onChange={(e) => {
            attach(e.currentTarget.files?.[0]);
            e.currentTarget.value = ""; // choosing the same file again still fires `change`
          }}
        />
        <button type="button" class="button ghost small" data-testid="attach" disabled={disabled() || uploading() !== null} onClick={() => fileInput.click()}>
          <Icon name="paperclip" />
          <span>{t("composer.attach")}</span>
        </button>
        <span class="composer-hint muted" id="composer-hint" aria-live="polite">
          {uploading() ? t("composer.uploading", { name: uploading()! }) : text().length > MAX_MESSAGE_LENGTH - 500 ? `${text().length} / ${MAX_MESSAGE_LENGTH}` : t("composer.hint")}
        </span>
        <button type="submit" class="button primary small" data-testid="send" disabled={!canSend()}>
          <Icon name="send" />
          <span>{t("composer.send")}</span>
        </button>
      </div>
    </form>
  );
}
