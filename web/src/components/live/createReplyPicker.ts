// The reply box's saved-replies state: which `/query` the caret is in, the replies (fetched when
// the picker opens, kept for the next box), the highlighted one, and what the placeholders say
// about this conversation's visitor (fetched fresh on each opening, so an email given a moment
// ago is used).
import { createEffect, createMemo, createSignal, on, type Accessor } from "solid-js";
import type { Lang } from "@raibu/protocol/lang";
import type { Api } from "../../lib/api";
import { searchReplies, slashToken, type ReplyFacts, type SavedReply, type SlashToken } from "../../lib/savedReplies";

/** The replies last fetched, so the next box (another conversation) lists them at once. */
let known: SavedReply[] | null = null;
/** Interface id → language, fetched once per page load: it only orders the list. */
let languages: Promise<Map<string, Lang>> | null = null;

type Options = {
  api: Api;
  enabled: Accessor<boolean>;
  visitorId: () => string | undefined;
  interfaceId: () => string | undefined;
  agentName: () => string | null;
};

export function createReplyPicker(options: Options) {
  const [token, setToken] = createSignal<SlashToken | null>(null);
  /** Where a token closed with Esc starts: it stays closed until another `/` is typed. */
  const [dismissed, setDismissed] = createSignal<number | null>(null);
  const [replies, setReplies] = createSignal<SavedReply[] | null>(known);
  const [lang, setLang] = createSignal<Lang | null>(null);
  const [active, setActive] = createSignal(0);
  let facts: Promise<ReplyFacts> = Promise.resolve({ visitorName: null, visitorEmail: null, agentName: options.agentName() });

  const open = createMemo(() => options.enabled() && token() !== null && token()!.start !== dismissed());
  const matches = createMemo(() => (open() ? searchReplies(replies() ?? [], token()!.query, lang()) : []));

  createEffect(on(open, (isOpen) => isOpen && refresh()));
  createEffect(on(() => token()?.query, () => setActive(0)));

  function refresh() {
    options.api
      .savedReplies()
      .then((answer) => setReplies((known = answer.replies)))
      .catch(() => setReplies((current) => current ?? []));
    const visitorId = options.visitorId();
    facts = (visitorId ? options.api.visitor(visitorId) : Promise.reject(new Error("no visitor")))
      .then((detail) => ({
        visitorName: detail.visitor.name ?? detail.contact?.name ?? null,
        visitorEmail: detail.visitor.email ?? detail.contact?.email ?? null,
        agentName: options.agentName(),
      }))
      .catch(() => ({ visitorName: null, visitorEmail: null, agentName: options.agentName() }));
    languages ??= options.api
      .interfaces()
      .then((answer) => new Map(answer.interfaces.map((i) => [i.id, i.language])))
      .catch(() => ((languages = null), new Map()));
    void languages.then((map) => setLang(map.get(options.interfaceId() ?? "") ?? null));
  }

  return {
    token,
    open,
    matches,
    active,
    setActive,
    loading: () => replies() === null,
    /** Reads the token at the caret of `field` (nothing while text is selected). */
    follow(field: HTMLTextAreaElement) {
      const caret = field.selectionStart;
      const next = caret === field.selectionEnd ? slashToken(field.value, caret) : null;
      setToken(next);
      if (!next) setDismissed(null);
    },
    dismiss() {
      const current = token();
      if (current) setDismissed(current.start);
    },
    close: () => setToken(null),
    move(step: 1 | -1) {
      const count = matches().length;
      if (count) setActive((i) => (i + step + count) % count);
    },
    facts: () => facts,
  };
}

export type ReplyPicker = ReturnType<typeof createReplyPicker>;
