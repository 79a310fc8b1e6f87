// The chat the visitor had before the offline form, read as the live page reads any conversation
// (its socket, history first) and shown with the same message list, read-only. Folded on request.
import { createSignal, Show } from "solid-js";
import { createConversation } from "../../stores/createConversation";
import { useOfflineText } from "./texts";
import { MessageList } from "../live/MessageList";

export function OfflineTranscript(props: { conversationId: string; me: { id: string; name: string }; visitorName: string }) {
  const t = useOfflineText();
  const [open, setOpen] = createSignal(true);
  return (
    <section class="offline-transcript-section" data-testid="offline-transcript">
      <div class="offline-section-head">
        <h3 class="caps-label">{t("offline.transcript")}</h3>
        <button type="button" class="button ghost small" aria-expanded={open()} data-testid="offline-transcript-toggle" onClick={() => setOpen((v) => !v)}>
          {open() ? t("offline.transcriptHide") : t("offline.transcriptShow")}
        </button>
      </div>
      <Show when={open()}>
        <Transcript conversationId={props.conversationId} me={props.me} visitorName={props.visitorName} />
      </Show>
    </section>
  );
}

/** Mounted only while shown: its socket opens and closes with it. */
function Transcript(props: { conversationId: string; me: { id: string; name: string }; visitorName: string }) {
  const conversation = createConversation({ id: props.conversationId, me: () => props.me });
  return (
    <div class="offline-transcript">
      <MessageList
        items={conversation.items}
        meId={props.me.id}
        visitorName={props.visitorName}
        myLastSeq={null}
        visitorReadSeq={0}
        visitorTyping={false}
        onRetry={() => undefined}
        onDiscard={() => undefined}
      />
    </div>
  );
}
