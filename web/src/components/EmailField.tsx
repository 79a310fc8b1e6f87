// An email input that checks its value on submit and shows the error under itself (sign-in, reset, invitations).
import { createSignal } from "solid-js";
import type { Translate } from "../lib/i18n";
import { isEmail } from "../lib/isEmail";
import { TextField } from "./TextField";

export type EmailInput = ReturnType<typeof createEmailInput>;

export function createEmailInput(t: Translate) {
  const [value, setValue] = createSignal("");
  const [error, setError] = createSignal("");
  return {
    value,
    setValue,
    error,
    /** The address as sent: without surrounding spaces. */
    trimmed: () => value().trim(),
    /** Shows the error when the address is not one; true when it is. */
    check: () => {
      setError(isEmail(value()) ? "" : t("field.emailInvalid"));
      return !error();
    },
  };
}

export function EmailField(props: { input: EmailInput; label: string; name: string; autocomplete: string; class?: string }) {
  return (
    <TextField
      class={props.class}
      label={props.label}
      type="email"
      name={props.name}
      autocomplete={props.autocomplete}
      required
      value={props.input.value()}
      error={props.input.error()}
      onInput={(e) => props.input.setValue(e.currentTarget.value)}
    />
  );
}
