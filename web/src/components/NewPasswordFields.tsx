// Password plus confirmation, checked here so the agent learns of a typo before sending.
import { createSignal } from "solid-js";
import { useI18n } from "../stores/createI18n";
import { TextField } from "./TextField";

export const MIN_PASSWORD_LENGTH = 10;

export function createNewPassword(options: { withConfirm: boolean } = { withConfirm: true }) {
  const [password, setPassword] = createSignal("");
  const [confirm, setConfirm] = createSignal("");
  const [checked, setChecked] = createSignal(false);
  const tooShort = () => password().length < MIN_PASSWORD_LENGTH;
  const mismatch = () => options.withConfirm && confirm() !== password();
  return {
    withConfirm: options.withConfirm,
    password,
    setPassword,
    confirm,
    setConfirm,
    checked,
    /** Marks the fields as submitted so their errors show; true when both are fine. */
    validate: () => {
      setChecked(true);
      return !tooShort() && !mismatch();
    },
    tooShort,
    mismatch,
  };
}

export type NewPassword = ReturnType<typeof createNewPassword>;

export function NewPasswordFields(props: { state: NewPassword; label?: string }) {
  const { t } = useI18n();
  const s = props.state;
  return (
    <>
      <TextField
        label={props.label ?? t("field.newPassword")}
        type="password"
        name="new-password"
        autocomplete="new-password"
        minLength={MIN_PASSWORD_LENGTH}
        required
        hint={t("field.passwordHint")}
        error={s.checked() && s.tooShort() ? t("password.tooShort") : undefined}
        value={s.password()}
        onInput={(e) => s.setPassword(e.currentTarget.value)}
      />
      {s.withConfirm && (
        <TextField
          label={t("field.confirmPassword")}
          type="password"
          name="confirm-password"
          autocomplete="new-password"
          required
          error={s.checked() && !s.tooShort() && s.mismatch() ? t("password.mismatch") : undefined}
          value={s.confirm()}
          onInput={(e) => s.setConfirm(e.currentTarget.value)}
        />
      )}
    </>
  );
}
