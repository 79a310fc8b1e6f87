// The console's keyboard shortcuts: which key does what (pure, tested alone), the list the help
// dialog shows, and a small registry where the part of the page that can act (the open
// conversation, the visitor list) says how. Single keys never fire while the agent types in a
// field; Alt+↑/↓ move between conversations from anywhere, the reply box included.
import { onCleanup } from "solid-js";
import type { MessageKey } from "./i18n";

export type ShortcutAction = "next" | "previous" | "assign" | "accept" | "close" | "reply" | "savedReplies" | "help";

export interface Shortcut {
  action: ShortcutAction;
  /** Keys as shown in the help, each a list of keys pressed together. */
  keys: string[][];
  label: MessageKey;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: "next", keys: [["J"], ["Alt", "↓"]], label: "shortcuts.next" },
  { action: "previous", keys: [["K"], ["Alt", "↑"]], label: "shortcuts.previous" },
  { action: "assign", keys: [["A"]], label: "shortcuts.assign" },
  { action: "accept", keys: [["Y"]], label: "shortcuts.accept" },
  { action: "close", keys: [["X"]], label: "shortcuts.close" },
  { action: "reply", keys: [["R"]], label: "shortcuts.reply" },
  { action: "savedReplies", keys: [["/"]], label: "shortcuts.savedReplies" },
  { action: "help", keys: [["?"]], label: "shortcuts.help" },
];

const SINGLE_KEYS: Record<string, ShortcutAction> = { j: "next", k: "previous", a: "assign", y: "accept", x: "close", r: "reply", "/": "savedReplies", "?": "help" };

export interface KeyPress {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  isComposing?: boolean;
}

/** The action a key press asks for; `typing`: the focus is in a field, where letters are text. */
export function shortcutFor(press: KeyPress, typing: boolean): ShortcutAction | null {
  if (press.isComposing || press.ctrlKey || press.metaKey) return null;
  if (press.altKey) return press.key === "ArrowDown" ? "next" : press.key === "ArrowUp" ? "previous" : null;
  if (typing) return null;
  // Shift is part of the character: "?" is Shift+/ on most layouts, "A" is Caps Lock or Shift.
  return SINGLE_KEYS[press.key.length === 1 ? press.key.toLowerCase() : ""] ?? null;
}

/** Whether an element takes typed text: a letter pressed there is not a shortcut. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !["button", "checkbox", "radio", "submit", "reset", "range", "color", "file"].includes(target.type);
  return false;
}

/** The step from the conversation at `current` (or none, -1) among `count`: wraps around neither end. */
export function stepIndex(current: number, count: number, action: "next" | "previous"): number | null {
  if (count === 0) return null;
  if (current === -1) return action === "next" ? 0 : count - 1;
  const next = action === "next" ? current + 1 : current - 1;
  return next >= 0 && next < count ? next : null;
}

const handlers = new Map<ShortcutAction, () => void>();

/** The newest part of the page to register an action answers it, until it goes away. */
export function useShortcut(action: ShortcutAction, run: () => void) {
  handlers.set(action, run);
  onCleanup(() => {
    if (handlers.get(action) === run) handlers.delete(action);
  });
}

/** Runs a registered action; false when nothing on the page can do it now. */
export function runShortcut(action: ShortcutAction): boolean {
  const run = handlers.get(action);
  if (!run) return false;
  run();
  return true;
}

let openedByKeyboard = false;

/** A conversation is being opened from the keyboard: its reply box should take the focus. */
export function noteKeyboardOpen() {
  openedByKeyboard = true;
}

/** Whether the conversation now opening was opened from the keyboard (asked once). */
export function takeKeyboardOpen(): boolean {
  const was = openedByKeyboard;
  openedByKeyboard = false;
  return was;
}
