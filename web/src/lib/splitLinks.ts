// Cuts plain text into text and web links, so links can be shown as <a> without ever parsing HTML.
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
