// Applies the chat interface's appearance: the accent colour and a text colour that stays
// readable on it, whatever colour the admin picked.
import type { WidgetConfig } from "@raibu/protocol/widgetApi";

export type Appearance = WidgetConfig["settings"]["appearance"];
export const DEFAULT_COLOR = "#2563eb";
/** The look of an interface whose settings are not known (yet). */
export const DEFAULT_APPEARANCE: Appearance = { color: DEFAULT_COLOR, title: "", welcome: "", launcherLabel: "", position: "right", showAgentAvatar: true };

/** Black or white, whichever contrasts more with `hex` (#rrggbb), by WCAG relative luminance. */
export function readableOn(hex: string): "#ffffff" | "#111827" {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) return "#ffffff";
  const [r, g, b] = match.slice(1).map((part) => {
    const c = parseInt(part, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white is 1.05 / (L + 0.05); with near-black #111827 (L ≈ 0.0103) it is (L + 0.05) / 0.0603.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.0603 ? "#ffffff" : "#111827";
}

export function applyAppearance(appearance: Appearance) {
  const color = /^#[0-9a-f]{6}$/i.test(appearance.color) ? appearance.color : DEFAULT_COLOR;
  const root = document.documentElement.style;
  root.setProperty("--accent", color);
  root.setProperty("--on-accent", readableOn(color));
}
