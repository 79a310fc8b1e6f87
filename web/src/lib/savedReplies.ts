// Saved replies in the reply box: finding the `/query` being typed, searching the replies,
// filling their placeholders, and the handle a keyboard shortcut uses to open the picker.
// Pure except the handle, so the rules are tested without a browser.
import type { Lang } from "@raibu/protocol/lang";
import type { SavedReply } from "@raibu/protocol/savedReplies";

export type { SavedReply };

/** The `/query` the caret is in: it starts the text or follows a space or a line break. */
export type SlashToken = { start: number; end: number; query: string };

export function slashToken(text: string, caret: number): SlashToken | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)\/([^\s/]*)$/.exec(before);
  if (!match) return null;
  const start = caret - match[2]!.length - 1;
  // The token runs on past the caret up to the next space.
  const rest = /^[^\s]*/.exec(text.slice(caret))![0];
  return { start, end: caret + rest.length, query: match[2]! };
}

/** The reply's text put in place of the token; the caret goes right after it. */
export function insertAt(text: string, token: { start: number; end: number }, inserted: string): { text: string; caret: number } {
  return { text: text.slice(0, token.start) + inserted + text.slice(token.end), caret: token.start + inserted.length };
}

const fold = (value: string) =>
  value
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase();

/**
 * Replies matching `query`: shortcuts that start with it first, then shortcuts and texts that
 * contain it (accents and case ignored). Within each, replies in the conversation's language
 * (or for any language) before the others, then by shortcut.
 */
export function searchReplies(replies: readonly SavedReply[], query: string, lang: Lang | null, limit = 50): SavedReply[] {
  const q = fold(query.trim());
  const ranked: Array<{ reply: SavedReply; rank: number }> = [];
  for (const reply of replies) {
    const shortcut = fold(reply.shortcut);
    const rank = shortcut.startsWith(q) ? 0 : shortcut.includes(q) ? 1 : fold(reply.body).includes(q) ? 2 : -1;
    if (rank < 0) continue;
    const foreign = lang !== null && reply.language !== null && reply.language !== lang;
    ranked.push({ reply, rank: rank * 2 + (foreign ? 1 : 0) });
  }
  return ranked
    .sort((a, b) => a.rank - b.rank || a.reply.shortcut.localeCompare(b.reply.shortcut))
    .slice(0, limit)
    .map((r) => r.reply);
}

/** What the placeholders can say; null where it is not known. */
export type ReplyFacts = { visitorName: string | null; visitorEmail: string | null; agentName: string | null };

const PLACEHOLDER = /\{(visitor\.name|visitor\.email|agent\.name)(?:\|([^{}]*))?\}/g;

/**
 * Fills `{visitor.name}`, `{visitor.email}` and `{agent.name}`. An unknown value takes the
 * fallback written after a bar (`{visitor.name|there}`); without one the placeholder goes
 * with the space before it, so "Hi {visitor.name}, …" reads "Hi, …" and « Bonjour {visitor.name} ! »
 * reads « Bonjour ! ». Other braces are left as they are.
 */
export function fillReply(body: string, facts: ReplyFacts): string {
  const values: Record<string, string | null> = {
    "visitor.name": clean(facts.visitorName),
    "visitor.email": clean(facts.visitorEmail),
    "agent.name": clean(facts.agentName),
  };
  let out = "";
  let last = 0;
  for (const match of body.matchAll(PLACEHOLDER)) {
    const index = match.index!;
    out += body.slice(last, index);
    last = index + match[0].length;
    const value = values[match[1]!] ?? (match[2] !== undefined ? match[2].trim() : null);
    if (value) {
      out += value;
      continue;
    }
    const after = body.slice(last);
    // Nothing to say: drop the space before, unless a word follows that still needs it.
    if (/[ \t]$/.test(out) && /^([ \t]|[,.;:!?)]|$|\n)/.test(after)) out = out.replace(/[ \t]+$/, "");
    else if ((out === "" || out.endsWith("\n")) && /^[,;:][ \t]*/.test(after)) last += /^[,;:][ \t]*/.exec(after)![0].length;
  }
  return out + body.slice(last);
}

const clean = (value: string | null) => (value && value.trim() ? value.trim() : null);

// ---- The handle a keyboard shortcut opens the picker with ----

let opener: (() => boolean) | null = null;

/** The reply box on screen registers how to open its picker; the returned function unregisters it. */
export function registerSavedReplyPicker(open: () => boolean): () => void {
  opener = open;
  return () => {
    if (opener === open) opener = null;
  };
}

/**
 * Opens the saved replies picker of the reply box on screen (types `/` at the caret and focuses
 * the box). False when there is no box, or it cannot be written in (a closed conversation…).
 */
export function openSavedReplyPicker(): boolean {
  return opener?.() ?? false;
}
