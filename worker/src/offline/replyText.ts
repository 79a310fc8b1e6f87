// What the visitor wrote in an emailed answer, without what their mail client added: the quoted
// history (Gmail, Outlook, Apple Mail, Thunderbird, in English and French), our own "answer above
// this line" marker, signatures and "Sent from my phone" lines. HTML-only mail is turned to text
// first. Pure but for HTMLRewriter, the runtime's own HTML parser.
import { decodeHTML } from "entities";
import { dictionaries } from "../lib/i18n";

/** The marker line of our emails, in every language (emailTemplates.ts writes it). */
const MARKERS = Object.values(dictionaries).map((d) => d["email.offlineReply.marker"].toLowerCase());

const SPACE = "[\\s\\u00a0\\u202f]";
const ATTRIBUTION = [
  // Gmail and Apple Mail: "On Mon, 30 Nov 2026 at 14:05, Name <a@b> wrote:", "On 30 Nov 2026, at 14:05, Name wrote:"
  new RegExp(`^On${SPACE}[\\s\\S]*${SPACE}wrote${SPACE}*:$`, "i"),
  // French Gmail and Apple Mail: "Le lun. 30 nov. 2026 à 14:05, Name <a@b> a écrit :"
  new RegExp(`^Le${SPACE}[\\s\\S]*${SPACE}a${SPACE}+écrit${SPACE}*:$`, "i"),
];
/** Outlook's and others' separators: "-----Original Message-----", "-----Message d'origine-----", Zimbra's "----- Mail original -----". */
const SEPARATOR = /^-{2,}\s*(original message|message d['’]origine|message original|mail original|forwarded message|message transféré)\s*-{2,}$/i;
/** Outlook's rule above the quoted headers. */
const RULE = /^_{20,}$/;
/** The first line of a quoted header block ("From: …" / "De : …"), optionally bold in a text rendering. */
const HEADER_FROM = new RegExp(`^\\*?(From|De)\\*?${SPACE}*:`, "i");
const HEADER_NEXT = new RegExp(`^\\*?(Sent|Date|To|Subject|Envoyé|À|A|Objet|Cc)\\*?${SPACE}*:`, "i");
/** Sign-offs mail apps add on their own. */
const DEVICE_SIGNOFF = /^(sent from my|sent from outlook|get outlook for|envoyé de mon|envoyé depuis mon|envoyé à partir de|télécharger outlook pour)\b/i;

function startsHistory(lines: string[], i: number): boolean {
  const line = lines[i]!.trim();
  if (!line) return false;
  const bare = line.replace(/^[>#\s]+|[#\s]+$/g, "").toLowerCase();
  if (MARKERS.some((marker) => bare.includes(marker))) return true;
  if (SEPARATOR.test(line) || RULE.test(line)) return true;
  if (HEADER_FROM.test(line) && lines.slice(i + 1, i + 5).some((next) => HEADER_NEXT.test(next.trim()))) return true;
  // An attribution a client wrapped over up to three lines.
  let joined = "";
  for (let k = i; k < Math.min(lines.length, i + 3); k++) {
    const part = lines[k]!.trim();
    if (!part) break;
    joined = joined ? `${joined} ${part}` : part;
    if (ATTRIBUTION.some((re) => re.test(joined))) return true;
  }
  return false;
}

/** The visitor's own words of a plain-text answer. */
export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const end = lines.findIndex((_, i) => startsHistory(lines, i));
  let kept = (end < 0 ? lines : lines.slice(0, end)).filter((line) => !/^\s*>/.test(line));
  // The "-- " signature delimiter (many clients drop its trailing space).
  const signature = kept.findIndex((line) => /^--\s?$/.test(line));
  if (signature >= 0) kept = kept.slice(0, signature);
  while (kept.length && (kept.at(-1)!.trim() === "" || DEVICE_SIGNOFF.test(kept.at(-1)!.trim()))) kept.pop();
  while (kept.length && kept[0]!.trim() === "") kept.shift();
  return kept
    .map((line) => line.replace(/\s+$/, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n");
}

// Marks the HTML to text conversion leaves in the text: a line break, and where the history starts.
const BREAK = "\u0001";
const CUT = "\u0002";

/** Containers mail clients wrap the quoted history (or their signature) in: the answer ends there. */
const HISTORY_SELECTORS = [
  ".gmail_quote",
  ".gmail_quote_container",
  ".gmail_signature",
  "#divRplyFwdMsg",
  "#appendonsend",
  ".moz-cite-prefix",
  ".moz-signature",
  ".yahoo_quoted",
  "#Signature",
].join(", ");
const BLOCKS = "p, div, tr, table, ul, ol, h1, h2, h3, h4, h5, h6, pre, hr";

/** An HTML body as text: blocks and <br> as line breaks, quoted history and signatures cut, entities decoded. */
export async function htmlToText(html: string): Promise<string> {
  const marked = await new HTMLRewriter()
    .on("head, style, script, title", { element: (e) => void e.remove() })
    .on(HISTORY_SELECTORS, { element: (e) => void e.replace(CUT) })
    // Apple Mail and Thunderbird quote in <blockquote type="cite">; an inline answer between quotes stays.
    .on("blockquote", { element: (e) => void e.remove() })
    .on("br", { element: (e) => void e.replace(BREAK) })
    .on("li", { element: (e) => void e.before(`${BREAK}- `) })
    .on(BLOCKS, {
      element: (e) => {
        e.before(BREAK);
        e.after(BREAK);
      },
    })
    .transform(new Response(html))
    .text();
  const text = decodeHTML(marked.split(CUT)[0]!.replace(/<!--[\s\S]*?-->/g, "").replace(/<[^>]*>/g, ""));
  return text
    .replace(/\s+/g, " ")
    .split(BREAK)
    .map((line) => line.trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** The answer in a parsed email: its plain text when it has one, else its HTML as text; then stripped. */
export async function answerText(email: { text?: string; html?: string }): Promise<string> {
  const text = email.text?.trim() ? email.text : email.html ? await htmlToText(email.html) : "";
  return stripQuotedReply(text).trim();
}
