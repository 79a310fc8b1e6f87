// Small formatting helpers for the live page: file sizes and links from the server.

/** "512 B", "34 KB", "2.4 MB" — or "2,4 Mo" in French — in the console's language. */
export function formatBytes(bytes: number, lang: string): string {
  const [b, kb, mb] = lang.startsWith("fr") ? ["o", "Ko", "Mo"] : ["B", "KB", "MB"];
  const number = (value: number, digits: number) => new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value);
  if (bytes < 1024) return `${number(bytes, 0)} ${b}`;
  if (bytes < 1024 * 1024) return `${number(bytes / 1024, 0)} ${kb}`;
  return `${number(bytes / (1024 * 1024), 1)} ${mb}`;
}

/** Links from the server are followed only if they are http(s) or our own blob: previews. */
export function safeUrl(url: string | null | undefined, base = typeof location === "undefined" ? "http://localhost/" : location.href): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url, base);
    return ["http:", "https:", "blob:"].includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** ws: or wss: to this origin, as the page itself is served. */
export function socketUrl(path: string): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${path}`;
}

