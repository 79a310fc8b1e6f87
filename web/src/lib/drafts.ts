// What an agent has typed in a conversation's reply box, kept in localStorage so it survives
// switching conversations, leaving the page and reloading; cleared once sent. One key per
// conversation (a keystroke rewrites one draft, not all of them), bounded in number and age.
import { MAX_MESSAGE_LENGTH } from "@raibu/protocol/limits";

const PREFIX = "raibu.draft:";
/** Drafts kept per browser; starting one more drops the oldest. */
export const MAX_DRAFTS = 50;
/** A draft untouched this long is stale: the conversation has long moved on. */
export const DRAFT_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;

export type DraftStorage = Pick<Storage, "getItem" | "setItem" | "removeItem" | "key" | "length">;

type Stored = { text: string; at: number };

/** Drafts belong to one agent of one workspace: another person signing in on the browser never sees them. */
export function draftKey(workspaceId: string, agentId: string, conversationId: string): string {
  return `${PREFIX}${workspaceId}:${agentId}:${conversationId}`;
}

function read(storage: DraftStorage, key: string): Stored | null {
  try {
    const raw = storage.getItem(key);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<Stored>;
    return typeof value.text === "string" && typeof value.at === "number" ? { text: value.text, at: value.at } : null;
  } catch {
    return null;
  }
}

export function loadDraft(storage: DraftStorage | null, key: string, now = Date.now()): string {
  if (!storage) return "";
  const draft = read(storage, key);
  if (!draft || now - draft.at > DRAFT_MAX_AGE_MS) return "";
  return draft.text;
}

/** Keeps `text` as the draft (an empty one removes it). Storage that is full or refused loses the draft, never the typing. */
export function saveDraft(storage: DraftStorage | null, key: string, text: string, now = Date.now()): void {
  if (!storage) return;
  if (!text.trim()) return clearDraft(storage, key);
  const isNew = storage.getItem(key) === null;
  const value = JSON.stringify({ text: text.slice(0, MAX_MESSAGE_LENGTH * 2), at: now });
  try {
    if (isNew) pruneDrafts(storage, now, MAX_DRAFTS - 1);
    storage.setItem(key, value);
  } catch {
    // Full: drop the older half of the drafts once, then give up quietly.
    try {
      pruneDrafts(storage, now, Math.floor(draftKeys(storage).length / 2));
      storage.setItem(key, value);
    } catch {
      /* the box keeps its text; only the reload would lose it */
    }
  }
}

export function clearDraft(storage: DraftStorage | null, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    /* nothing kept, nothing to clear */
  }
}

/** Drops stale drafts, then the oldest ones until at most `keep` remain. */
export function pruneDrafts(storage: DraftStorage, now: number, keep = MAX_DRAFTS): void {
  const drafts = draftKeys(storage).map((key) => ({ key, at: read(storage, key)?.at ?? 0 }));
  drafts.sort((a, b) => b.at - a.at);
  drafts.forEach((draft, index) => {
    if (index >= keep || now - draft.at > DRAFT_MAX_AGE_MS) storage.removeItem(draft.key);
  });
}

function draftKeys(storage: DraftStorage): string[] {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  return keys;
}

/** The browser's localStorage, or null where it is refused (some privacy modes throw on access). */
export function browserStorage(): DraftStorage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}
