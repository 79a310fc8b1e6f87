// The agent's message box: Enter sends, Shift+Enter breaks the line, files go up first and
// are then sent as a message; what is typed is reported to the conversation session, which
// tells the visitor when the agent starts and stops typing.
import { createSignal, onCleanup, Show } from "solid-js";
import { MAX_MESSAGE_LENGTH } from "@raibu/protocol/limits";
import { acceptedTypes, attachmentProblem } from "../../../../client/attachments";
import { errorText } from "../../lib/errorText";
import type { ShownAttachment } from "../../../../client/timeline";
import { useApi } from "../../lib/api";
import { useI18n } from "../../stores/createI18n";
import { Icon } from "../Icon";
import "./composer.css";

type Props = {
  conversationId: string;
  /** Why the agent cannot reply, or null when they can. */
  blockedReason: string | null;
  onSend: (text: string, attachment?: ShownAttachment) => void;
  /** True on a keystroke that leaves text in the box, false when it is emptied or goes away. */
  onTyping: (typing: boolean) => void;
};

export function Composer(props: Props) {
  const { t } = useI18n();
  const api = useApi();
  const [text, setText] = createSignal("");
  const [uploading, setUploading] = createSignal<string | null>(null);
  const [fileError, setFileError] = createSignal("");
  let textarea!: HTMLTextAreaElement;
  let fileInput!: HTMLInputElement;

  const disabled = () => props.blockedReason !== null;
  const over = () => text().length - MAX_MESSAGE_LENGTH;

  // A box that goes away (another conversation, the page left) is no longer being typed in.
  onCleanup(() => props.onTyping(false));

  function onInput(value: string) {
    setText(value);
    if (!disabled()) props.onTyping(value.trim() !== "");
  }

  function submit() {
    const value = text();
    if (disabled() || !value.trim() || over() > 0) return;
    props.onSend(value);
    setText("");
    textarea.focus();
  }

  async function onFile(file: File | undefined) {
    fileInput.value = "";
    setFileError("");
    if (!file || disabled()) return;
    const problem = attachmentProblem(file);
    if (problem) return setFileError(t(problem === "fileTooLarge" ? "composer.fileTooBig" : "composer.fileType"));
    setUploading(file.name);
    try {
      const attachment = await api.upload(props.conversationId, file);
      // A local preview until the server's message brings the signed link.
      props.onSend("", { ...attachment, url: attachment.type.startsWith("image/") ? URL.createObjectURL(file) : "" });
    } catch (err) {
      setFileError(errorText(err, t));
    } finally {
      setUploading(null);
    }
  }

  return (
    <form
      class="composer"
      classList={{ disabled: disabled() }}
      data-testid="composer-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Show when={props.blockedReason}>
        <p class="composer-why" id="composer-why" data-testid="composer-why">
          {props.blockedReason}
        </p>
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
        placeholder={disabled() ? "" : t("composer.placeholder")}
        value={text()}
        disabled={disabled()}
        aria-invalid={over() > 0 ? true : undefined}
        aria-describedby={[disabled() ? "composer-why" : "composer-hint", over() > 0 ? "composer-error" : ""].filter(Boolean).join(" ")}
        onInput={(e) => onInput(e.currentTarget.value)}
        onBlur={() => props.onTyping(false)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
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
        <input ref={fileInput} type="file" class="sr-only" tabIndex={-1} aria-hidden="true" accept={acceptedTypes} data-testid="attach-input" onChange={(e) => void onFile(e.currentTarget.files?.[0])} />
        <button type="button" class="button ghost small" data-testid="attach" disabled={disabled() || uploading() !== null} onClick={() => fileInput.click()}>
          <Icon name="paperclip" />
          <span>{t("composer.attach")}</span>
        </button>
        <span class="composer-hint muted" id="composer-hint" aria-live="polite">
          {uploading() ? t("composer.uploading", { name: uploading()! }) : text().length > MAX_MESSAGE_LENGTH - 500 ? `${text().length} / ${MAX_MESSAGE_LENGTH}` : t("composer.hint")}
        </span>
        <button type="submit" class="button primary small" data-testid="send" disabled={disabled() || !text().trim() || over() > 0}>
          <Icon name="send" />
          <span>{t("composer.send")}</span>
        </button>
      </div>
    </form>
  );
}
