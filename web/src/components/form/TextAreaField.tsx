// A labelled multi-line text box; `name` marks it (data-field) for links that focus it.
import { FieldBox } from "./FieldBox";

type Props = {
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  maxLength: number;
  rows?: number;
  wide?: boolean;
  onInput: (value: string) => void;
};

export function TextAreaField(props: Props) {
  return (
    <FieldBox id={props.id} label={props.label} hint={props.hint} error={props.error} wide={props.wide}>
      {(aria) => (
        <textarea
          id={aria().id}
          aria-invalid={aria()["aria-invalid"]}
          aria-describedby={aria()["aria-describedby"]}
          class="textarea"
          rows={props.rows ?? 2}
          maxLength={props.maxLength}
          data-field={props.name}
          value={props.value}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      )}
    </FieldBox>
  );
}
