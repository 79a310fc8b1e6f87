// A file size as people read it in the console and the widget: "1.5 KB", « 1,5 Ko ».
import type { Lang } from "./lang";

const UNITS: Record<Lang, readonly [string, string, string]> = { en: ["B", "KB", "MB"], fr: ["o", "Ko", "Mo"] };
// French keeps the number and its unit together with a narrow no-break space.
const SPACE: Record<Lang, string> = { en: " ", fr: "\u202f" };

export function formatBytes(bytes: number, lang: Lang): string {
  const [b, kb, mb] = UNITS[lang];
  const shown = (n: number, unit: string) => `${n.toLocaleString(lang, { maximumFractionDigits: 1 })}${SPACE[lang]}${unit}`;
  if (bytes < 1024) return shown(bytes, b);
  if (bytes < 1024 * 1024) return shown(bytes / 1024, kb);
  return shown(bytes / (1024 * 1024), mb);
}
