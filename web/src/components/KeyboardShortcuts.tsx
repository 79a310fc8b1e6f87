// The console's keyboard: one listener for the whole signed-in console. It asks lib/shortcuts.ts
// what a key means, moves between the conversations of the visitor list as shown, opens the help,
// and hands the rest (assign, accept, close, reply, saved replies) to the open conversation.
import { useNavigate } from "@solidjs/router";
import { createSignal, onCleanup } from "solid-js";
import { isTypingTarget, noteKeyboardOpen, runShortcut, shortcutFor, stepIndex, useShortcut } from "../lib/shortcuts";
import { ShortcutsDialog } from "./ShortcutsDialog";

const ROWS = "a.visitor-row[data-conversation-id]";

export function KeyboardShortcuts() {
  const navigate = useNavigate();
  const [helpOpen, setHelpOpen] = createSignal(false);

  /** The visitor list's next or previous row, in the order the agent sees it (its filters and sort). */
  function step(action: "next" | "previous") {
    const rows = [...document.querySelectorAll<HTMLAnchorElement>(ROWS)];
    const index = stepIndex(
      rows.findIndex((row) => row.classList.contains("selected")),
      rows.length,
      action,
    );
    if (index === null) return;
    const row = rows[index]!;
    noteKeyboardOpen();
    row.scrollIntoView({ block: "nearest" });
    navigate(`/live/${encodeURIComponent(row.dataset.conversationId!)}`);
  }

  useShortcut("help", () => setHelpOpen(true));
  useShortcut("next", () => step("next"));
  useShortcut("previous", () => step("previous"));

  const onKey = (event: KeyboardEvent) => {
    // A dialog, a menu or a picker that used the key first keeps it.
    if (event.defaultPrevented || document.querySelector("dialog[open]")) return;
    if (event.key === "Escape" && event.target instanceof HTMLTextAreaElement && event.target.id === "composer") {
      // Leaving the reply box gives the single-key shortcuts back.
      event.target.blur();
      return;
    }
    const action = shortcutFor(event, isTypingTarget(event.target));
    if (action && runShortcut(action)) event.preventDefault();
  };

  // Enter on a row of the visitor list opens it from the keyboard: its reply box takes the focus.
  const onClick = (event: MouseEvent) => {
    if (event.detail !== 0 || !(event.target instanceof Element)) return;
    const row = event.target.closest<HTMLAnchorElement>(ROWS);
    if (!row) return;
    if (row.classList.contains("selected")) runShortcut("reply");
    else noteKeyboardOpen();
  };

  document.addEventListener("keydown", onKey);
  document.addEventListener("click", onClick, true);
  onCleanup(() => {
    document.removeEventListener("keydown", onKey);
    document.removeEventListener("click", onClick, true);
  });

  return <ShortcutsDialog open={helpOpen()} onClose={() => setHelpOpen(false)} />;
}
