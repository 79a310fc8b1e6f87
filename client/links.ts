// Plain text with its web addresses made clickable, for the console and the widget: text nodes and
// <a> elements built one by one, never HTML parsed. Links open in a new tab without handing the
// page to the site they lead to (`rel="noopener noreferrer"`). Also which server links may be followed.
export type TextPart = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Punctuation that ends a sentence rather than the address.
const TRAILING = /[.,;:!?'"»)\]}]+$/;

function trimTrailing(url: string): string {
  let end = url.replace(TRAILING, "");
  // Keep a closing parenthesis that belongs to the address, as in Wikipedia links.
  const rest = url.slice(end.length);
  if (rest.startsWith(")") && (end.match(/\(/g)?.length ?? 0) > (end.match(/\)/g)?.length ?? 0)) end += ")";
  return end;
}

export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = trimTrailing(match[0]);
    if (url.length <= "https://".length) continue;
    const start = match.index;
    if (start > last) parts.push({ kind: "text", text: text.slice(last, start) });
    parts.push({ kind: "link", text: url, href: url });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return parts;
}

/** What every link in a message carries. */
export const LINK_TARGET = "_blank";
export const LINK_REL = "noopener noreferrer";

/** The DOM a document builds for one message text: text nodes, and <a> for http(s) addresses. */
export function linkedNodes(text: string, doc: Pick<Document, "createTextNode" | "createElement"> = document): Node[] {
  return splitLinks(text).map((part) => {
    if (part.kind === "text") return doc.createTextNode(part.text);
    const link = doc.createElement("a");
    link.setAttribute("href", part.href);
    link.setAttribute("target", LINK_TARGET);
    link.setAttribute("rel", LINK_REL);
    link.textContent = part.text;
    return link;
  });
}

/**
 * Links that come from the server (attachment and call URLs, the visitor's page) are followed
 * only if they are http(s) or our own blob: previews, so a bad value never becomes a javascript: link.
 */
export function safeUrl(url: string | null | undefined, base = typeof location === "undefined" ? "http://localhost/" : location.href): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url, base);
    return ["http:", "https:", "blob:"].includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
