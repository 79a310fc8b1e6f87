// A modal on the native <dialog> (it traps focus and closes on Escape), opened and closed by `open`.
import { createEffect, createUniqueId, type JSX } from "solid-js";
import "./dialog.css";

export function Modal(props: { open: boolean; title: string; onClose: () => void; class?: string; testId?: string; children: JSX.Element }) {
  let dialog!: HTMLDialogElement;
  const titleId = createUniqueId();

  createEffect(() => {
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  });

  return (
    <dialog ref={dialog} class={`dialog ${props.class ?? ""}`} aria-labelledby={titleId} data-testid={props.testId} onClose={() => props.open && props.onClose()}>
      <h2 id={titleId}>{props.title}</h2>
      {props.children}
    </dialog>
  );
}
