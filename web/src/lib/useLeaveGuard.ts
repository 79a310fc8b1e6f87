// Asks before unsaved edits are lost: closing or reloading the tab, or leaving the page in the console.
import { useBeforeLeave } from "@solidjs/router";
import { onCleanup } from "solid-js";

export function useLeaveGuard(dirty: () => boolean, question: () => string) {
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (!dirty()) return;
    event.preventDefault();
    event.returnValue = "";
  };
  window.addEventListener("beforeunload", onBeforeUnload);
  onCleanup(() => window.removeEventListener("beforeunload", onBeforeUnload));

  useBeforeLeave((event) => {
    if (!dirty() || event.defaultPrevented) return;
    if (!window.confirm(question())) event.preventDefault();
  });
}
