// The message box: Enter sends, Shift+Enter breaks the line; a counter near the length
// limit; files checked before upload, with progress; what is typed reported to the session,
// which tells the agent when typing starts and stops. A file chosen, pasted or dropped waits
// with a preview and a remove button; sending uploads it, then sends the text.
// While the bot asks for a name, email or phone it is a one-line input that browsers can fill.
import { createSignal, onCleanup, Show } from "solid-js";
import type { QuestionField } from "@raibu/protocol/flow";
import { MAX_ATTACHMENT_BYTES, MAX_MESSAGE_LENGTH } from "@raibu/protocol/limits";
import { acceptedTypes, attachmentProblem, pastedFile } from "../../../../client/attachments";
import { errorText } from "../errorText";
import { composerInput } from "../flowView";
import { formatBytes } from "../../../../client/formatBytes";
import { lang, t } from "../language";
import { AttachIcon, SendIcon } from "./Icons";

type Preview = typeof import("./HeldFile").default;

/** The counter appears once the text is this close to the limit. */
const COUNTER_FROM = MAX_MESSAGE_LENGTH - 400;

export type ComposerField = HTMLTextAreaElement | HTMLInputElement;

export interface ComposerProps {
  disabled: boolean;
  /** The answer the bot's question expects, null for a plain message. */
  question: QuestionField | null;
  onSend: (text: string) => void;
  /** True on a keystroke that leaves text in the box, false when it is emptied or goes away. */
  onTyping: (typing: boolean) => void;
  upload: (file: File, onProgress: (fraction: number) => void) => Promise<void>;
  ref?: (field: ComposerField) => void;
}

export function Composer(props: ComposerProps) {
  const [text, setText] = createSignal("");
  const [uploading, setUploading] = createSignal<{ name: string; percent: number } | null>(null);
  const [fileError, setFileError] = createSignal<string | null>(null);
  /** The file waiting to be sent; its preview comes in a chunk loaded with the first one. */
  const [held, setHeld] = createSignal<File | null>(null);
  const [Preview, setPreview] = createSignal<Preview>();
  let field: ComposerField | undefined;
  let fileInput!: HTMLInputElement;

  const input = () => composerInput(props.question);
  const over = () => text().length - MAX_MESSAGE_LENGTH;
  const describedBy = () => (text().length >= COUNTER_FROM ? "composer-limit" : undefined);
  const canSend = () => !props.disabled && !uploading() && (text().trim().length > 0 || !!held()) && over() <= 0;

  // A box that goes away (a closed conversation) is no longer being typed in.
  onCleanup(() => props.onTyping(false));

  function grow() {
    if (!(field instanceof HTMLTextAreaElement)) return;
    field.style.height = "auto";
    field.style.height = `${Math.min(field.scrollHeight, 120)}px`;
  }

  /** A question swaps the textarea for an input (and back); the focus follows to the new one. */
  function bind(el: ComposerField) {
    const refocus = !!field && document.activeElement === field;
    field = el;
    props.ref?.(el);
    if (refocus) queueMicrotask(() => el.focus());
  }

  function onInput(value: string) {
    setText(value);
    grow();
    props.onTyping(value.trim() !== "");
  }

  function onKeyDown(event: KeyboardEvent) {
    // isComposing: Enter that confirms an IME candidate (Japanese, Chinese…) must not send.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  async function submit() {
    if (!canSend()) return;
    const file = held();
    if (file) {
      setFileError(null);
      setUploading({ name: file.name, percent: 0 });
      try {
        await props.upload(file, (fraction) => setUploading({ name: file.name, percent: Math.round(fraction * 100) }));
        setHeld(null);
      } catch (error) {
        return setFileError(`${t("uploadFailed")} ${errorText(t, error)}`);
      } finally {
        setUploading(null);
      }
    }
    if (text().trim()) props.onSend(text().trim());
    setText("");
    if (field) field.value = "";
    grow();
    field?.focus();
  }

  function pick(file: File | undefined) {
    fileInput.value = ""; // so choosing the same file again still fires `change`
    if (!file || props.disabled) return;
    setFileError(null);
    const problem = attachmentProblem(file);
    if (problem === "fileTooLarge") return setFileError(t("fileTooLarge", { name: file.name, max: formatBytes(MAX_ATTACHMENT_BYTES, lang()) }));
    if (problem === "fileType") return setFileError(t("fileType"));
    setHeld(file);
    import("./HeldFile").then((module) => setPreview(() => module.default));
    field?.focus();
  }

  /** A pasted or dropped file; text wins when a paste has some (a copy from Word carries a picture of it). */
  function take(event: ClipboardEvent | DragEvent) {
    const file = pastedFile((event as ClipboardEvent).clipboardData || (event as DragEvent).dataTransfer);
    if (file) event.preventDefault(), pick(file);
  }

  return (
    <form
      class="composer"
      // A bad email is the bot's to re-ask; the browser's own check must not block the answer.
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      onPaste={take}
      onDragOver={(event) => event.preventDefault()}
      onDrop={take}
    >
      <Show when={uploading()}>
        {(state) => (
          <p class="upload" role="status">
            {t("uploading", { name: state().name, percent: state().percent })}
            <progress max="100" value={state().percent} aria-hidden="true" />
          </p>
        )}
      </Show>
      <Show when={fileError()}>
        <p class="error" role="alert">
          {fileError()}
        </p>
      </Show>
      <Show when={over() > 0}>
        <p class="error" role="alert" id="composer-limit">
          {t("tooLong", { max: MAX_MESSAGE_LENGTH.toLocaleString(lang()), count: over().toLocaleString(lang()) })}
        </p>
      </Show>
      <Show when={over() <= 0 && text().length >= COUNTER_FROM}>
        <p class="counter" id="composer-limit" aria-live="polite">
          {t("charsLeft", { count: -over() })}
        </p>
      </Show>
      <Show when={Preview()}>
        {(component) => {
          const HeldFile = component();
          return <HeldFile file={held} busy={uploading} onRemove={() => setHeld(null)} />;
        }}
      </Show>
      <div class="composer-row">
        <button
          type="button"
          class="icon-button"
          aria-label={t("attach")}
          title={t("attach")}
          disabled={props.disabled || uploading() !== null}
          onClick={() => fileInput.click()}
        >
          <AttachIcon />
        </button>
        <input ref={fileInput} type="file" class="sr-only" tabIndex={-1} aria-hidden="true" accept={acceptedTypes} onChange={(event) => void pick(event.currentTarget.files?.[0])} />
        <Show
          when={input().multiline}
          fallback={
            <input
              ref={bind}
              class="field"
              type={input().type}
              autocomplete={input().autocomplete}
              enterkeyhint="send"
              value={text()}
              placeholder={t(input().placeholder)}
              aria-label={t("messageLabel")}
              aria-invalid={over() > 0}
              aria-describedby={describedBy()}
              disabled={props.disabled}
              onInput={(event) => onInput(event.currentTarget.value)}
              onKeyDown={onKeyDown}
            />
          }
        >
          <textarea
            ref={bind}
            class="field"
            rows="1"
            value={text()}
            placeholder={t(input().placeholder)}
            aria-label={t("messageLabel")}
            aria-invalid={over() > 0}
            aria-describedby={describedBy()}
            disabled={props.disabled}
            onInput={(event) => onInput(event.currentTarget.value)}
            onKeyDown={onKeyDown}
          />
        </Show>
        <button type="submit" class="icon-button send" aria-label={t("send")} title={t("send")} disabled={!canSend()}>
          <SendIcon />
        </button>
      </div>
    </form>
  );
}
