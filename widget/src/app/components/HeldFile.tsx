// The file waiting in the message box (chosen, pasted or dropped) with its preview and a remove
// button. Few visitors send files, so it is a chunk loaded when one is first held, texts included.
import { createMemo, onCleanup, Show } from "solid-js";
import { lang } from "../language";
import { CloseIcon } from "./Icons";

type Props = { file: () => File | null; busy: () => unknown; onRemove: () => void };

export default function HeldFile(props: Props) {
  // One object URL per held image, let go when another file replaces it or the box goes.
  const url = createMemo<string>((previous) => {
    if (previous) URL.revokeObjectURL(previous);
    const file = props.file();
    return file?.type.startsWith("image/") ? URL.createObjectURL(file) : "";
  });
  onCleanup(() => URL.revokeObjectURL(url()));

  return (
    <Show when={props.file()}>
      {(file) => {
        const label = () => `${lang() === "fr" ? "Retirer" : "Remove"} ${file().name}`;
        return (
          <p class="held">
            <Show when={url()} fallback={file().name}>
              <img src={url()} alt={file().name} />
            </Show>
            <button type="button" class="icon-button" aria-label={label()} title={label()} disabled={!!props.busy()} onClick={() => props.onRemove()}>
              <CloseIcon />
            </button>
          </p>
        );
      }}
    </Show>
  );
}
