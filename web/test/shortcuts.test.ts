// Which key does what in the console, and never while the agent types a letter in a field.
import { describe, expect, it } from "vitest";
import { SHORTCUTS, shortcutFor, stepIndex } from "../src/lib/shortcuts";
import { translate } from "../src/lib/i18n";

const press = (key: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean; isComposing: boolean }> = {}) => ({
  key,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...mods,
});

describe("keyboard shortcuts", () => {
  it("single keys move between conversations, assign, accept, close, focus the reply box, open saved replies and the help", () => {
    expect(["j", "k", "a", "y", "x", "r", "/", "?"].map((key) => shortcutFor(press(key), false))).toEqual([
      "next",
      "previous",
      "assign",
      "accept",
      "close",
      "reply",
      "savedReplies",
      "help",
    ]);
    expect(shortcutFor(press("A"), false)).toBe("assign");
  });

  it("are letters, not shortcuts, while the agent types in a field", () => {
    for (const key of ["j", "a", "x", "/", "?"]) expect(shortcutFor(press(key), true)).toBeNull();
  });

  it("Alt+↓ and Alt+↑ move between conversations even from the reply box", () => {
    expect(shortcutFor(press("ArrowDown", { altKey: true }), true)).toBe("next");
    expect(shortcutFor(press("ArrowUp", { altKey: true }), true)).toBe("previous");
  });

  it("leave the browser's own Ctrl and Cmd combinations, other keys and text being composed alone", () => {
    expect(shortcutFor(press("r", { ctrlKey: true }), false)).toBeNull();
    expect(shortcutFor(press("k", { metaKey: true }), false)).toBeNull();
    expect(shortcutFor(press("a", { isComposing: true }), false)).toBeNull();
    expect(shortcutFor(press("q"), false)).toBeNull();
    expect(shortcutFor(press("Enter"), false)).toBeNull();
  });

  it("next and previous step through the list without wrapping around, starting at an end when none is open", () => {
    expect(stepIndex(-1, 3, "next")).toBe(0);
    expect(stepIndex(-1, 3, "previous")).toBe(2);
    expect(stepIndex(1, 3, "next")).toBe(2);
    expect(stepIndex(2, 3, "next")).toBeNull();
    expect(stepIndex(0, 3, "previous")).toBeNull();
    expect(stepIndex(-1, 0, "next")).toBeNull();
  });

  it("every shortcut the help lists is labelled in English and French", () => {
    for (const shortcut of SHORTCUTS) {
      expect(translate("en", shortcut.label)).not.toBe(shortcut.label);
      expect(translate("fr", shortcut.label)).not.toBe(translate("en", shortcut.label));
    }
  });
});
