// Links that come from the server (attachment and call URLs) are opened only if they are
// http(s) or our own blob: previews, so a bad value can never become a javascript: link.

export function safeUrl(url: string | null | undefined, base: string = location.href): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url, base);
    return ["http:", "https:", "blob:"].includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
