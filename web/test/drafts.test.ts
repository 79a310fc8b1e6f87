// Reply-box drafts in localStorage: per agent and conversation, bounded, and forgiving of a full store.
import { describe, expect, it } from "vitest";
import { clearDraft, DRAFT_MAX_AGE_MS, draftKey, loadDraft, MAX_DRAFTS, saveDraft, type DraftStorage } from "../src/lib/drafts";

/** A localStorage stand-in; `quota` makes setItem throw past that many entries, as a full store does. */
function memoryStorage(quota = Infinity): DraftStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => {
      if (!map.has(k) && map.size >= quota) throw new DOMException("full", "QuotaExceededError");
      map.set(k, v);
    },
    removeItem: (k) => void map.delete(k),
  };
}

describe("drafts", () => {
  it("a draft is kept per conversation and read back; another agent or workspace does not see it", () => {
    const storage = memoryStorage();
    saveDraft(storage, draftKey("ws1", "me", "c1"), "Hello there", 1000);
    saveDraft(storage, draftKey("ws1", "me", "c2"), "Other", 1000);
    expect(loadDraft(storage, draftKey("ws1", "me", "c1"), 2000)).toBe("Hello there");
    expect(loadDraft(storage, draftKey("ws1", "me", "c2"), 2000)).toBe("Other");
    expect(loadDraft(storage, draftKey("ws1", "colleague", "c1"), 2000)).toBe("");
    expect(loadDraft(storage, draftKey("ws2", "me", "c1"), 2000)).toBe("");
  });

  it("an emptied box or a sent message removes the draft", () => {
    const storage = memoryStorage();
    const key = draftKey("ws", "me", "c");
    saveDraft(storage, key, "Typed", 1);
    saveDraft(storage, key, "  ", 2);
    expect(storage.map.has(key)).toBe(false);
    saveDraft(storage, key, "Typed again", 3);
    clearDraft(storage, key);
    expect(loadDraft(storage, key, 4)).toBe("");
  });

  it(`starting draft number ${MAX_DRAFTS + 1} drops the oldest, and a draft older than the maximum age is not restored`, () => {
    const storage = memoryStorage();
    for (let i = 0; i < MAX_DRAFTS; i++) saveDraft(storage, draftKey("ws", "me", `c${i}`), `draft ${i}`, 1000 + i);
    saveDraft(storage, draftKey("ws", "me", "newest"), "newest", 5000);
    expect(storage.map.size).toBe(MAX_DRAFTS);
    expect(loadDraft(storage, draftKey("ws", "me", "c0"), 6000)).toBe("");
    expect(loadDraft(storage, draftKey("ws", "me", "c1"), 6000)).toBe("draft 1");
    expect(loadDraft(storage, draftKey("ws", "me", "newest"), 5000 + DRAFT_MAX_AGE_MS + 1)).toBe("");
  });

  it("a full store makes room from the oldest drafts instead of throwing at the agent", () => {
    const storage = memoryStorage(10);
    for (let i = 0; i < 10; i++) storage.setItem(`raibu.draft:ws:me:c${i}`, JSON.stringify({ text: `d${i}`, at: i }));
    expect(() => saveDraft(storage, draftKey("ws", "me", "fresh"), "fresh", 100)).not.toThrow();
    expect(loadDraft(storage, draftKey("ws", "me", "fresh"), 100)).toBe("fresh");
  });

  it("no storage (refused by the browser) keeps nothing and throws nothing", () => {
    expect(() => saveDraft(null, "k", "text")).not.toThrow();
    expect(loadDraft(null, "k")).toBe("");
  });
});
