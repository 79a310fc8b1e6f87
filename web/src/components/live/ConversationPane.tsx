// The middle column: who the conversation is with, what the agent can do about it
// (« Attribuer à moi » or an admin's take-over, accept, transfer, close, each also from the
// keyboard), the messages and the message box.
import { createEffect, createSignal, For, on, Show, type Accessor } from "solid-js";
import type { AgentPresence } from "@raibu/protocol/realtime";
import { useApi, type ConversationView, type Me, type TeamMember } from "../../lib/api";
import { forgetOwnMove, noteOwnMove } from "../../lib/attention";
import { assignOffer, followSituation, mayHandle, shownRefusal, situationOf, type ShownRefusal } from "../../lib/conversationActions";
import { openSavedReplyPicker } from "../../lib/savedReplies";
import { takeKeyboardOpen, useShortcut } from "../../lib/shortcuts";
import { formatDuration } from "../../lib/lobbyView";
import type { Conversation } from "../../stores/createConversation";
import { useI18n } from "../../stores/createI18n";
import { ConfirmDialog } from "../ConfirmDialog";
import { Icon } from "../Icon";
import { Notice } from "../Notice";
import { CallCard } from "./CallCard";
import { Composer } from "./Composer";
import { MessageList } from "./MessageList";
import { StatusChip } from "./StatusChip";
import { RatingStars } from "./RatingStars";
import "./conversation.css";

type Props = {
  conversation: Conversation;
  me: Pick<Me, "id" | "name" | "role">;
  visitorName: string;
  visitorOnline: boolean;
  members: TeamMember[];
  agents: AgentPresence[];
  now: Accessor<number>;
  onBack: () => void;
  onShowVisitor: () => void;
  /** Whether the visitor panel is open where it folds away (laptops and phones). */
  visitorShown?: boolean;
};

type Action = "assign" | "accept" | "transfer" | "close";

export function ConversationPane(props: Props) {
  const { t } = useI18n();
  const api = useApi();
  const conv = props.conversation;
  const [busy, setBusy] = createSignal<Action | null>(null);
  // A refused action's words, until the conversation changes hands (a lost race's, once the screen shows the winner).
  const [refusal, setRefusal] = createSignal<ShownRefusal | null>(null);
  const [success, setSuccess] = createSignal("");
  const [transferOpen, setTransferOpen] = createSignal(false);
  const [transferTo, setTransferTo] = createSignal("");
  const [confirmClose, setConfirmClose] = createSignal(false);
  const [confirmTakeOver, setConfirmTakeOver] = createSignal(false);

  const view = conv.view;
  const mine = () => view()?.assignee?.id === props.me.id;
  const closed = () => view()?.status === "closed";
  const requested = () => view()?.status === "requested";
  const situation = () => {
    const v = view();
    return v ? situationOf(v) : "";
  };
  /** « Assign to me » only where it can work: nobody has it, or an admin takes a colleague's over. */
  const offer = () => {
    const v = view();
    return v ? assignOffer(v, props.me) : null;
  };
  createEffect(on(situation, (now) => setRefusal((shown) => shown && followSituation(shown, now)), { defer: true }));
  /** Close and transfer follow the server's rule: the assignee, an admin, or anyone while unassigned. */
  const mayAct = () => {
    const v = view();
    return !!v && mayHandle(v, props.me);
  };

  const blockedReason = (): string | null => {
    const v = view();
    if (!v) return t("live.loadingConversation");
    if (v.status === "closed") return t("composer.why.closed");
    if (v.assignee && v.assignee.id !== props.me.id) return t("composer.why.other", { name: v.assignee.name });
    if (v.status === "requested") return t("composer.why.accept");
    if (!v.assignee || v.status !== "live") return t("composer.why.assign");
    return null;
  };

  async function act(action: Action, run: () => Promise<{ conversation: ConversationView }>, done?: () => void) {
    setBusy(action);
    setRefusal(null);
    setSuccess("");
    try {
      conv.applyView((await run()).conversation);
      done?.();
    } catch (err) {
      setRefusal(shownRefusal(err, t, situation()));
    } finally {
      setBusy(null);
    }
  }

  // Once the conversation is mine, the agent's next move is to write: the box gets the focus.
  const focusComposer = () => requestAnimationFrame(() => document.getElementById("composer")?.focus());
  /** A change of hands this tab makes: the lobby's report of it is no news here (lib/attention.ts). */
  const asOwnMove =
    <T,>(run: () => Promise<T>) =>
    () => {
      noteOwnMove(conv.id);
      return run().catch((err: unknown) => {
        forgetOwnMove(conv.id);
        throw err;
      });
    };
  /** An admin's take-over, once confirmed: the colleague it names is told (their console shows it). */
  const takeOver = () => {
    const from = view()?.assignee;
    setConfirmTakeOver(false);
    if (from) void act("assign", asOwnMove(() => api.assign(conv.id, from.id)), focusComposer);
  };
  const assign = () => act("assign", asOwnMove(() => api.assign(conv.id)), focusComposer);
  const pressAssign = () => (offer() === "takeOver" ? setConfirmTakeOver(true) : offer() === "assign" ? void assign() : undefined);
  const accept = () => act("accept", asOwnMove(() => api.accept(conv.id)), focusComposer);
  const close = () => {
    setConfirmClose(false);
    void act("close", () => api.close(conv.id));
  };
  const transfer = () => {
    const target = props.members.find((m) => m.id === transferTo());
    if (!target) return;
    void act(
      "transfer",
      asOwnMove(() => api.transfer(conv.id, target.id)),
      () => {
        setTransferOpen(false);
        setTransferTo("");
        setSuccess(t("live.transferred", { name: target.name }));
      },
    );
  };

  // The keyboard (lib/shortcuts.ts): the same actions, offered under the same conditions as the buttons.
  const idle = () => busy() === null && !!view();
  /** The reply box when the agent may write, else the action that would let them. */
  const focusNextMove = () =>
    requestAnimationFrame(() => {
      const target = ["composer", "conversation-accept", "conversation-assign"].map((id) => document.getElementById(id)).find((el) => el && !(el as HTMLButtonElement).disabled);
      target?.focus();
    });
  useShortcut("assign", () => idle() && pressAssign());
  useShortcut("accept", () => idle() && requested() && void accept());
  useShortcut("close", () => idle() && mayAct() && setConfirmClose(true));
  useShortcut("reply", focusNextMove);
  useShortcut("savedReplies", () => openSavedReplyPicker() || focusNextMove());
  // Opened from the keyboard: once the conversation has loaded, the focus goes where the agent can act.
  if (takeKeyboardOpen()) createEffect(on(() => !!view(), (loaded) => loaded && focusNextMove()));

  const transferTargets = () => props.members.filter((m) => m.id !== view()?.assignee?.id);
  const presence = (userId: string) => props.agents.find((a) => a.userId === userId)?.status ?? "offline";
  const timeLeft = () => {
    const deadline = view()?.requestDeadline;
    if (deadline == null) return null;
    const left = deadline - props.now();
    return left > 0 ? t("live.timeLeft", { time: formatDuration(left) }) : t("live.timeUp");
  };

  return (
    <section class="surface live-chat" aria-labelledby="chat-title" data-testid="conversation" data-conversation-id={conv.id} data-status={view()?.status ?? ""}>
      <header class="chat-head">
        <button type="button" class="button ghost small narrow-only" data-testid="back-to-list" onClick={() => props.onBack()}>
          <Icon name="back" />
          <span>{t("live.back")}</span>
        </button>
        <div class="chat-title">
          <h2 id="chat-title">
            <span class="presence-dot" classList={{ on: props.visitorOnline }} title={t(props.visitorOnline ? "live.visitorOnline" : "live.visitorOffline")}>
              <span class="sr-only">{t(props.visitorOnline ? "live.visitorOnline" : "live.visitorOffline")}</span>
            </span>
            <span data-testid="conversation-visitor">{props.visitorName}</span>
          </h2>
          <div class="chat-sub">
            <Show when={view()}>{(v) => <StatusChip status={v().status} />}</Show>
            <span class="muted small-text" data-testid="assignee">
              {view()?.assignee ? (mine() ? t("live.assignedToYou") : t("live.assignedTo", { name: view()!.assignee!.name })) : view() ? t("live.nobodyAssigned") : ""}
            </span>
            <Show when={view()?.rating}>{(r) => <RatingStars score={r().score} comment={r().comment} testId="conversation-rating" />}</Show>
          </div>
        </div>
        <div class="chat-actions">
          <Show when={offer()}>
            {(kind) => (
              <button
                type="button"
                id="conversation-assign"
                class="button small"
                classList={{ primary: kind() === "assign" }}
                data-testid={kind() === "assign" ? "assign" : "take-over"}
                disabled={busy() !== null}
                aria-busy={busy() === "assign"}
                onClick={pressAssign}
              >
                <Icon name={kind() === "assign" ? "user" : "transfer"} />
                <span class="sr-only-narrow">{t(kind() === "assign" ? "live.assign" : "live.takeOver")}</span>
              </button>
            )}
          </Show>
          <Show when={mayAct()}>
            <button type="button" class="button small" data-testid="transfer" title={t("live.transfer")} aria-expanded={transferOpen()} aria-controls="transfer-panel" disabled={busy() !== null} onClick={() => setTransferOpen((v) => !v)}>
              <Icon name="transfer" />
              <span class="sr-only-narrow">{t("live.transfer")}</span>
            </button>
          </Show>
          <Show when={mayAct()}>
            <button type="button" class="button small danger-text" data-testid="close-conversation" title={t("live.close")} disabled={busy() !== null} onClick={() => setConfirmClose(true)}>
              <Icon name="close" />
              <span class="sr-only-narrow">{t("live.close")}</span>
            </button>
          </Show>
          <button type="button" class="button ghost small narrow-only fold-toggle" data-testid="show-visitor" title={t("live.showVisitor")} aria-expanded={props.visitorShown ?? false} onClick={() => props.onShowVisitor()}>
            <Icon name="user" />
            <span class="sr-only-narrow">{t("live.showVisitor")}</span>
          </button>
        </div>
      </header>

      <Show when={requested() && view()}>
        {(v) => (
          <div class="request-banner" data-testid="request-banner" data-kind={v().requestKind ?? "live"}>
            <span class="request-icon" aria-hidden="true">
              <Icon name={v().requestKind === "video" ? "video" : "live"} />
            </span>
            <div class="request-text">
              <strong>{t(v().requestKind === "video" ? "live.request.video" : "live.request.live")}</strong>
              <span class="small-text" data-testid="request-time-left">
                {timeLeft()}
              </span>
            </div>
            <button type="button" id="conversation-accept" class="button primary" data-testid="accept" disabled={busy() !== null} aria-busy={busy() === "accept"} onClick={() => void accept()}>
              <Icon name="check" />
              <span>{t("live.accept")}</span>
            </button>
          </div>
        )}
      </Show>

      <Show when={transferOpen() && mayAct()}>
        <div class="transfer-panel" id="transfer-panel">
          <label for="transfer-to" class="small-text">
            {t("live.transferTo")}
          </label>
          <select id="transfer-to" class="select compact" data-testid="transfer-select" value={transferTo()} onChange={(e) => setTransferTo(e.currentTarget.value)}>
            <option value="">{t("live.chooseAgent")}</option>
            <For each={transferTargets()}>
              {(m) => (
                <option value={m.id}>
                  {m.name} ({t(`live.agentStatus.${presence(m.id)}`)})
                </option>
              )}
            </For>
          </select>
          <button type="button" class="button primary small" data-testid="transfer-confirm" disabled={!transferTo() || busy() !== null} onClick={transfer}>
            {t("live.transferConfirm")}
          </button>
          <button type="button" class="button ghost small" onClick={() => setTransferOpen(false)}>
            {t("common.cancel")}
          </button>
        </div>
      </Show>

      <Show when={refusal()?.text}>
        <div class="chat-notice">
          <Notice tone="error" testId="action-error">
            {refusal()?.text}
          </Notice>
        </div>
      </Show>
      <Show when={success()}>
        <div class="chat-notice">
          <Notice tone="success" testId="action-success">
            {success()}
          </Notice>
        </div>
      </Show>
      <Show when={conv.problem()}>
        {(problem) => (
          <div class="chat-notice">
            <Notice tone="error" testId="conversation-problem">
              {problem().message}
            </Notice>
          </div>
        )}
      </Show>
      <Show when={view()?.call}>{(call) => <CallCard call={call()} />}</Show>
      <Show when={conv.link() !== "open"}>
        <p class="link-state" role="status" data-testid="conversation-link">
          <span class="spinner small" aria-hidden="true" />
          {conv.link() === "reconnecting" ? t("live.reconnecting") : t("live.loadingConversation")}
        </p>
      </Show>

      <MessageList
        items={conv.items}
        meId={props.me.id}
        visitorName={props.visitorName}
        myLastSeq={conv.myLastSeq()}
        visitorReadSeq={view()?.visitorReadSeq ?? 0}
        visitorTyping={conv.visitorTyping()}
        onRetry={conv.retry}
        onDiscard={conv.discard}
      />
      <Composer
        conversationId={conv.id}
        blockedReason={blockedReason()}
        onSend={(text, attachment) => {
          conv.clearProblem();
          conv.sendMessage(text, attachment ?? null);
        }}
        onTyping={conv.setTyping}
      />

      <ConfirmDialog
        open={confirmTakeOver()}
        title={t("live.takeOverTitle", { name: view()?.assignee?.name ?? "" })}
        confirmLabel={t("live.takeOver")}
        onConfirm={takeOver}
        onCancel={() => setConfirmTakeOver(false)}
      >
        {t("live.takeOverBody", { name: view()?.assignee?.name ?? "" })}
      </ConfirmDialog>
      <ConfirmDialog open={confirmClose()} title={t("live.closeTitle")} confirmLabel={t("live.close")} danger onConfirm={close} onCancel={() => setConfirmClose(false)}>
        {t("live.closeBody")}
      </ConfirmDialog>
    </section>
  );
}
