// How the console gets the agent's attention for their own conversations: a sound (each kind can
// be switched off in their settings), a browser notification when the console is out of sight,
// the count leading the tab's title, and a notice in the console when a colleague takes one of
// their conversations over or hands them one. The rules are in lib/attention.ts.
import { useLocation, useNavigate } from "@solidjs/router";
import { createEffect, createSignal, For, on, untrack } from "solid-js";
import type { LobbyConversation } from "@raibu/protocol/realtime";
import { chime, MESSAGE_TONE, TRANSFER_TONE } from "../../../client/chime";
import { notify } from "../lib/alerts";
import { alertFor, attentionEvents, forgetOwnMove, tabOwnMoves, titleCount, type AttentionEvent } from "../lib/attention";
import { toRoute } from "../lib/paths";
import { createPageVisible } from "../lib/signals";
import { useTitleCount } from "../lib/useDocumentTitle";
import { useI18n } from "../stores/createI18n";
import { useLobby } from "../stores/createLobby";
import type { Preferences } from "../stores/createPreferences";
import { Icon } from "./Icon";
import "./attention.css";

type ShownNotice = { key: string; conversationId: string; text: string };

/** At most this many notices stay on screen; a newer one pushes the oldest out. */
const MAX_NOTICES = 3;

export function Attention(props: { meId: string; preferences: Preferences }) {
  const { t } = useI18n();
  const lobby = useLobby();
  const preferences = props.preferences;
  const navigate = useNavigate();
  const location = useLocation();
  const pageVisible = createPageVisible();
  const [notices, setNotices] = createSignal<ShownNotice[]>([]);

  const openId = () => {
    const match = /^\/live\/([^/?#]+)/.exec(toRoute(location.pathname));
    return match ? decodeURIComponent(match[1]!) : null;
  };
  const open = (conversationId: string) => navigate(`/live/${encodeURIComponent(conversationId)}`);

  useTitleCount(() => titleCount(lobby.rows(), props.meId));

  // Each lobby change against the one before; the first snapshot (load, reconnect) only sets the scene.
  let before: readonly LobbyConversation[] | null = null;
  createEffect(
    on(lobby.rows, (rows) => {
      if (!lobby.ready()) return;
      const watching = { conversationId: untrack(openId), pageVisible: untrack(pageVisible) };
      const events = attentionEvents(before, rows, props.meId, watching, tabOwnMoves);
      forgetSeenMoves(before, rows);
      before = rows;
      for (const event of events) untrack(() => react(event));
    }),
  );

  function react(event: AttentionEvent) {
    const { row } = event;
    const alert = alertFor(event, preferences.value().sounds, document.visibilityState !== "visible" || !document.hasFocus());
    const text =
      event.kind === "message"
        ? t("attention.message", { visitor: row.visitorName })
        : event.kind === "transfer"
          ? t("attention.transfer", { visitor: row.visitorName })
          : t("attention.takenOver", { name: row.assignee?.name ?? "", visitor: row.visitorName });
    if (alert.sound) chime(alert.sound === "message" ? MESSAGE_TONE : TRANSFER_TONE);
    const body = event.kind === "takenOver" ? "" : (row.lastMessagePreview ?? "");
    if (alert.notification) notify(text, body, `raibu-${event.kind}-${row.conversationId}`, () => open(row.conversationId));
    if (alert.notice) show(row.conversationId, text);
  }

  function show(conversationId: string, text: string) {
    const key = `${conversationId}:${Date.now()}:${Math.random()}`;
    setNotices((list) => [...list.filter((n) => n.conversationId !== conversationId), { key, conversationId, text }].slice(-MAX_NOTICES));
  }
  const dismiss = (key: string) => setNotices((list) => list.filter((n) => n.key !== key));

  return (
    <div class="attention-notices" role="status" aria-live="polite" data-testid="attention-notices">
      <For each={notices()}>
        {(notice) => (
          <div class="attention-notice" data-testid="attention-notice" data-conversation-id={notice.conversationId}>
            <Icon name="transfer" />
            <p>{notice.text}</p>
            <button
              type="button"
              class="button small"
              onClick={() => {
                dismiss(notice.key);
                open(notice.conversationId);
              }}
            >
              {t("attention.open")}
            </button>
            <button type="button" class="button ghost small" title={t("attention.dismiss")} data-testid="attention-dismiss" onClick={() => dismiss(notice.key)}>
              <Icon name="close" />
              <span class="sr-only">{t("attention.dismiss")}</span>
            </button>
          </div>
        )}
      </For>
    </div>
  );
}

/** A move this tab made is forgotten once the lobby shows the conversation changing hands. */
function forgetSeenMoves(before: readonly LobbyConversation[] | null, after: readonly LobbyConversation[]) {
  if (!before || tabOwnMoves.size === 0) return;
  const previous = new Map(before.map((row) => [row.conversationId, row.assignee?.id ?? null]));
  for (const row of after) {
    if (tabOwnMoves.has(row.conversationId) && previous.has(row.conversationId) && previous.get(row.conversationId) !== (row.assignee?.id ?? null)) {
      forgetOwnMove(row.conversationId);
    }
  }
}
