// A labelled text input with an optional hint and an inline error tied to it for screen readers.
import { createUniqueId, Show, splitProps, type JSX } from "solid-js";

type Props = JSX.InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string; error?: string };

export function TextField(props: Props) {
  const [own, input] = splitProps(props, ["label", "hint", "error", "class"]);
  const id = createUniqueId();
  const describedBy = () => [own.hint && `${id}-hint`, own.error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div class="field" classList={{ [own.class ?? ""]: !!own.class, invalid: !!own.error }}>
      <label for={id}>{own.label}</label>
      <input id={id} aria-invalid={own.error ? true : undefined} aria-describedby={describedBy()} {...input} />
      <Show when={own.hint}>
        <p class="field-hint" id={`${id}-hint`}>
          {own.hint}
        </p>
      </Show>
      <Show when={own.error}>
        <p class="field-error" id={`${id}-error`}>
          {own.error}
        </p>
      </Show>
    </div>
  );
}
