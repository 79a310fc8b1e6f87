// One offline thread beside the list: who the visitor is (and « Mark as contact », filled from
// the form), the chat before the form, the thread's messages with each reply's delivery, the
// reply box, and the agent's marks (star, read, closed). Opening an unread thread reads it; the
// lobby's frames bring answers in, and a reply still queued is read again until its email leaves.
import { createEffect, createResource, createSignal, Match, on, onCleanup, Show, Switch, type Accessor } from "solid-js";
import type { OfflineMessage, OfflineThreadDetail, OfflineThreadSummary } from "@raibu/protocol/offline";
import { ApiError, useApi, type Contact, type Me } from "../../lib/api";
import { visitorAsKnown } from "../../lib/contactForm";
import { errorText } from "../../lib/errorText";
import { useI18n } from "../../stores/createI18n";
import { useOfflineText } from "./texts";
import { useLobby } from "../../stores/createLobby";
import { Icon } from "../Icon";
import { ContactDialog } from "../live/ContactDialog";
import { Notice } from "../Notice";
import { OfflineMessageList } from "./OfflineMessageList";
import { OfflineReplyBox } from "./OfflineReplyBox";
import { OfflineTranscript } from "./OfflineTranscript";
import { StarButton } from "./StarButton";
import { awaitingDelivery, withMessage } from "./threadMessages";

/** How often, and how many times, a queued reply's state is read again while the thread is open. */
const DELIVERY_POLL_MS = 3000;
const DELIVERY_POLLS = 40;

type Props = {
  id: string;
  me: Me;
  visible: Accessor<boolean>;
  onChanged: (thread: OfflineThreadSummary) => void;
  onBack: () => void;
};

export function OfflineThread(props: Props) {
  const { dateTime } = useI18n();
  const t = useOfflineText();
  const api = useApi();
  const lobby = useLobby();
  const [detail, setDetail] = createSignal<OfflineThreadDetail | null>(null);
  const [loadError, setLoadError] = createSignal<unknown>(null);
  const [actionError, setActionError] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [retrying, setRetrying] = createSignal<ReadonlySet<string>>(new Set());

  async function load() {
    try {
      setDetail(await api.offlineThread(props.id));
      setLoadError(null);
    } catch (err) {
      setLoadError(err);
    }
  }
  void load();

  const setThread = (thread: OfflineThreadSummary) => {
    setDetail((d) => d && { ...d, thread });
    props.onChanged(thread);
  };
  const setMessage = (message: OfflineMessage) => setDetail((d) => d && { ...d, messages: withMessage(d.messages, message) });

  // A new message (a visitor's answer, a colleague's reply) reloads the thread; a mark only updates it.
  onCleanup(
    lobby.onOffline((frame) => {
      const d = detail();
      if (frame.thread.id !== props.id || !d) return;
      if (frame.thread.messageCount !== d.messages.length) void load();
      else setDetail({ ...d, thread: frame.thread });
    }),
  );

  // An answer that came while the lobby socket was down.
  createEffect(on(lobby.link, (link, before) => link === "open" && before === "reconnecting" && void load(), { defer: true }));

  // Reading it on screen reads it. "Mark as unread" stays until something new comes: the thread is
  // read up to the message count it had when last seen read (my own replies move that along).
  let readAt = -1;
  createEffect(() => {
    const thread = detail()?.thread;
    if (!thread) return;
    if (!thread.unread) readAt = thread.messageCount;
    if (!thread.unread || !props.visible() || readAt === thread.messageCount) return;
    readAt = thread.messageCount;
    void patch({ unread: false });
  });

  // A reply waiting in the email queue: read again until it is sent or failed (there is no frame for that).
  let polls = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  createEffect(
    on(detail, (d) => {
      clearTimeout(timer);
      if (d && awaitingDelivery(d.messages) && polls < DELIVERY_POLLS) timer = setTimeout(() => (polls++, void load()), DELIVERY_POLL_MS);
    }),
  );

  async function patch(body: { starred?: boolean; unread?: boolean; status?: "open" | "closed" }) {
    setBusy(true);
    setActionError("");
    try {
      setThread(await api.updateOfflineThread(props.id, body));
    } catch (err) {
      setActionError(t("offline.actionFailed", { error: errorText(err, t) }));
    } finally {
      setBusy(false);
    }
  }

  async function retry(messageId: string) {
    setRetrying((s) => new Set(s).add(messageId));
    setActionError("");
    try {
      setMessage(await api.retryOfflineReply(props.id, messageId));
      polls = 0;
    } catch (err) {
      setActionError(t("offline.actionFailed", { error: errorText(err, t) }));
    } finally {
      setRetrying((s) => {
        const next = new Set(s);
        next.delete(messageId);
        return next;
      });
    }
  }

  const onSent = (message: OfflineMessage) => {
    polls = 0;
    setMessage(message);
  };

  const missing = () => loadError() instanceof ApiError && [403, 404].includes((loadError() as ApiError).status);

  return (
    <section class="surface offline-thread" aria-labelledby="offline-thread-title" data-testid="offline-thread">
      <Switch fallback={<p class="muted offline-pad" role="status">{t("common.loading")}</p>}>
        <Match when={missing()}>
          <div class="offline-pad" data-testid="offline-thread-missing">
            <p class="empty-title">{t("offline.notFound")}</p>
            <BackButton onBack={props.onBack} always />
          </div>
        </Match>
        <Match when={loadError() && !detail()}>
          <div class="offline-pad">
            <Notice tone="error">{t("offline.threadFailed")}</Notice>
            <p class="muted small-text">{errorText(loadError(), t)}</p>
            <button type="button" class="button small" onClick={() => void load()}>
              {t("common.retry")}
            </button>
          </div>
        </Match>
        <Match when={detail()}>
          {(d) => {
            const thread = () => d().thread;
            const who = () => thread().name || thread().email;
            return (
              <>
                <header class="offline-thread-head">
                  <BackButton onBack={props.onBack} />
                  <div class="offline-thread-title">
                    <h2 id="offline-thread-title" data-testid="offline-thread-name">
                      {who()}
                    </h2>
                    <Show when={thread().status === "closed"}>
                      <span class="chip chip-closed" data-testid="offline-thread-closed">
                        {t("offline.closedChip")}
                      </span>
                    </Show>
                  </div>
                  <div class="offline-actions">
                    <StarButton starred={thread().starred} busy={busy()} testId="offline-star" onToggle={() => void patch({ starred: !thread().starred })} />
                    <button type="button" class="button small" data-testid="offline-toggle-read" disabled={busy()} onClick={() => void patch({ unread: !thread().unread })}>
                      {thread().unread ? t("offline.markRead") : t("offline.markUnread")}
                    </button>
                    <button type="button" class="button small" data-testid="offline-toggle-status" disabled={busy()} onClick={() => void patch({ status: thread().status === "open" ? "closed" : "open" })}>
                      {thread().status === "open" ? t("offline.close") : t("offline.reopen")}
                    </button>
                  </div>
                </header>
                <Show when={actionError()}>
                  <div class="offline-pad-x">
                    <Notice tone="error" testId="offline-action-error">
                      {actionError()}
                    </Notice>
                  </div>
                </Show>
                <div class="offline-thread-body">
                  <dl class="offline-facts" data-testid="offline-facts">
                    <div>
                      <dt>{t("contact.email")}</dt>
                      <dd>
                        <a href={`mailto:${thread().email}`}>{thread().email}</a>
                      </dd>
                    </div>
                    <Show when={thread().phone}>
                      <div>
                        <dt>{t("contact.phone")}</dt>
                        <dd>{thread().phone}</dd>
                      </div>
                    </Show>
                    <div>
                      <dt>{t("offline.interface")}</dt>
                      <dd>{thread().interfaceName}</dd>
                    </div>
                    <div>
                      <dt>{t("offline.language")}</dt>
                      <dd>{t(`lang.${thread().lang}`)}</dd>
                    </div>
                    <div>
                      <dt>{t("offline.received")}</dt>
                      <dd>{dateTime(thread().createdAt)}</dd>
                    </div>
                  </dl>
                  <Show when={thread().visitorId}>{(visitorId) => <MarkContact visitorId={visitorId()} thread={thread()} />}</Show>
                  <Show when={thread().conversationId}>
                    {(conversationId) => <OfflineTranscript conversationId={conversationId()} me={{ id: props.me.id, name: props.me.name }} visitorName={who()} />}
                  </Show>
                  <h3 class="caps-label">{t("offline.messages")}</h3>
                  <OfflineMessageList messages={d().messages} visitorName={who()} meId={props.me.id} retrying={retrying()} onRetry={(id) => void retry(id)} />
                </div>
                <OfflineReplyBox threadId={props.id} email={thread().email} onSent={onSent} />
              </>
            );
          }}
        </Match>
      </Switch>
    </section>
  );
}

function BackButton(props: { onBack: () => void; always?: boolean }) {
  const t = useOfflineText();
  return (
    <button type="button" class="button ghost small" classList={{ "narrow-only": !props.always }} data-testid="offline-back" onClick={() => props.onBack()}>
      <Icon name="back" />
      <span>{t("offline.back")}</span>
    </button>
  );
}

/** « Mark as contact » from the thread: the visitor's record, with what they wrote in the form over what the bot had. */
function MarkContact(props: { visitorId: string; thread: OfflineThreadSummary }) {
  const t = useOfflineText();
  const api = useApi();
  const [open, setOpen] = createSignal(false);
  const [visitor, { mutate, refetch }] = createResource(() => props.visitorId, (id) => api.visitor(id));
  const fromForm = () => ({ name: props.thread.name || null, email: props.thread.email || null, phone: props.thread.phone || null, custom: {} });
  const onSaved = (contact: Contact) => {
    setOpen(false);
    mutate((v) => v && { ...v, contact });
    void refetch();
  };
  return (
    <Show when={visitor.latest}>
      {(v) => (
        <div class="offline-contact">
          <button type="button" class="button small" data-testid="offline-mark-contact" onClick={() => setOpen(true)}>
            <Icon name="user" />
            <span>{v().contact ? t("contact.edit") : t("contact.mark")}</span>
          </button>
          <ContactDialog open={open()} visitor={visitorAsKnown(v().visitor, fromForm())} contact={v().contact} onSaved={onSaved} onClose={() => setOpen(false)} />
        </div>
      )}
    </Show>
  );
}
