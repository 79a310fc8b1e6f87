// The rules of a saved reply's shortcut and how many a scope holds, free of zod so the
// console checks a form with them without bundling the schemas (protocol/savedReplies.ts).

/** How many replies one scope (the workspace, or one agent) may hold: a picker, not an archive. */
export const MAX_SAVED_REPLIES = 300;
export const MAX_SHORTCUT_LENGTH = 40;
/** What the agent types after `/`: letters, digits, `-` and `_`. */
export const SHORTCUT_PATTERN = /^[\p{L}\p{N}_-]+$/u;

/** Shortcuts are stored trimmed and in lower case: `/Hello` and `/hello` are one. */
export const normalizeShortcut = (value: string) => value.trim().toLowerCase();

export function isShortcut(value: string): boolean {
  const shortcut = normalizeShortcut(value);
  return shortcut.length > 0 && shortcut.length <= MAX_SHORTCUT_LENGTH && SHORTCUT_PATTERN.test(shortcut);
}
