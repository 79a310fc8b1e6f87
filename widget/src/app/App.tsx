// The widget app: starts the visitor's session, connects the conversation, talks to the
// loader on the host page, and lays out the chat window. With `preview=1` it only shows the
// console a sample conversation in the interface's look: no session, no socket.
import { createEffect, createMemo, createSignal, Match, onCleanup, onMount, Show, Switch } from "solid-js";
import type { Author, ChatMessage } from "@raibu/protocol/realtime";
import type { HostPageInfo, HostToWidget } from "../hostProtocol";
import { api, ApiError, type WidgetSession } from "./api";
import { Composer, type ComposerField } from "./components/Composer";
import { Header } from "./components/Header";
import { MessageList } from "./components/MessageList";
import { PromptPanel } from "./components/PromptPanel";
import { StatusPanel } from "./components/StatusPanel";
import { createConversation } from "./connection";
import { problemText } from "./errorText";
import { activePrompt, questionField, requestKinds } from "./flowView";
import { embedded, hostOrigin, onHostMessage, postToHost, referrerPage } from "./hostBridge";
import { isLang, type MessageKey } from "./i18n";
import { lang, setLang, t } from "./language";
import { loadWhen } from "./loadWhen";
import type { TimelineItem } from "../../../client/timeline";
import { onPreviewMessage, previewLook } from "./preview";
import { isRateLimited, withRetry } from "../../../client/rateLimit";
import { heardServerTime } from "./serverClock";
import { applyAppearance, DEFAULT_COLOR, type Appearance } from "./theme";
import { forgetVisitorToken, readVisitorToken, saveVisitorToken } from "./visitorStorage";

type Phase = "loading" | "ready" | "error";
type Identify = Extract<HostToWidget, { type: "identify" }>;

export function App() {
  const params = new URLSearchParams(location.search);
  const interfaceId = params.get("interface") ?? "";
  const preview = params.get("preview") === "1";
  // Loaded after the host's `Raibu.shutdown()`: this browser's visitor is forgotten before the session.
  if (params.get("forget") === "1") forgetVisitorToken(interfaceId);

  const [phase, setPhase] = createSignal<Phase>("loading");
  const [failure, setFailure] = createSignal<MessageKey>("sessionFailed");
  /** The server asked to wait before the session starts: the window says so. */
  const [slowedDown, setSlowedDown] = createSignal(false);
  const [session, setSession] = createSignal<WidgetSession | null>(null);
  const [look, setLook] = createSignal<Appearance | null>(null);
  // Opened directly (not in the loader's iframe) or as a preview, the window is always open.
  const [open, setOpen] = createSignal(!embedded || preview);
  const [visible, setVisible] = createSignal(document.visibilityState === "visible");
  const [unread, setUnread] = createSignal(0);
  let hostPage: HostPageInfo | null = null;
  let identifyQueue: Identify[] = [];
  let field: ComposerField | undefined;
  let announced = false;

  // Views few visitors see (a rating, earlier conversations) come in a chunk loaded when first
  // needed (never in the preview).
  const onDemand = loadWhen(() => !preview && (view()?.status === "closed" || session()?.pastConversations), () => import("./onDemand"));
  // The Appointment step (its offer, the picker, the confirmation) comes in a chunk loaded when the
  // bot waits on one, or when the conversation holds a booking to show again (after a reload).
  const booking = loadWhen(
    () => activePrompt(view())?.kind === "appointment" || view()?.appointment,
    () => import("./components/Booking"),
  );

  const visitor = (): Author => ({ kind: "visitor", id: session()?.visitorId ?? null, name: session()?.visitorName ?? null });
  const conversation = createConversation({ token: () => session()?.visitorToken ?? "", visitor, onIncoming });
  const view = conversation.view;

  function onIncoming(messages: ChatMessage[]) {
    for (const message of messages) {
      // Stored just now (or, after a reconnect, earlier: a lower bound the clock ignores).
      heardServerTime(message.createdAt);
      if (message.author.kind === "agent") postToHost({ raibu: 1, type: "event", name: "message", data: { text: message.text, author: message.author.name } });
    }
    if (open()) return;
    setUnread((count) => count + messages.length);
    postToHost({ raibu: 1, type: "unread", count: unread() });
    // The chime's code comes with the first one: by then the visitor has used the window, so the
    // browser lets it play.
    void import("../../../client/chime").then((m) => m.chime(m.MESSAGE_TONE));
  }

  /** Tells the loader we are ready and how to draw the launcher; once, whatever the session's fate. */
  function announceReady() {
    if (announced) return;
    announced = true;
    const shown = look();
    postToHost({
      raibu: 1,
      type: "ready",
      launcher: { color: shown?.color || DEFAULT_COLOR, label: shown?.launcherLabel || t("launcherLabel"), position: shown?.position ?? "right" },
    });
  }

  function show(appearance: Appearance) {
    setLook(appearance);
    applyAppearance(appearance);
  }

  async function boot() {
    setPhase("loading");
    if (!interfaceId) {
      setFailure("missingInterface");
      setPhase("error");
      return announceReady();
    }
    try {
      const started = await withRetry(
        () =>
          api.session({
            interfaceId,
            visitorToken: readVisitorToken(interfaceId),
            hostOrigin,
            page: hostPage ?? referrerPage(),
            language: navigator.language ?? "",
            timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone ?? "",
          }),
        // The launcher shows meanwhile, in the default look.
        {
          onWait: () => {
            setSlowedDown(true);
            announceReady();
          },
        },
      );
      saveVisitorToken(interfaceId, started.visitorToken);
      setSession(started);
      if (isLang(started.config.language)) setLang(started.config.language);
      show(started.config.settings.appearance);
      setPhase("ready");
      for (const msg of identifyQueue.splice(0)) void identify(msg);
      // A page view starts no conversation: the visitor's open one comes back, else one starts when they open the chat.
      if (started.conversationId) conversation.start(started.conversationId);
      else if (open()) void startConversation();
    } catch (error) {
      const code = error instanceof ApiError ? error.code : "";
      setFailure(code === "origin_not_allowed" ? "originNotAllowed" : code === "network" ? "networkError" : isRateLimited(error) ? "rateLimitedLoading" : "sessionFailed");
      setPhase("error");
    }
    setSlowedDown(false);
    announceReady();
  }

  /** The interface's saved look first, then whatever the console posts as the admin edits. */
  async function startPreview() {
    void import("./previewSample").then(setPreviewSample);
    let edited = false;
    const stop = onPreviewMessage((msg) => {
      edited = true;
      const { appearance, language } = previewLook(msg);
      if (language) setLang(language);
      show(appearance);
    });
    onCleanup(stop);
    setPhase("ready");
    try {
      const config = await api.config(interfaceId);
      if (!edited) {
        if (isLang(config.language)) setLang(config.language);
        show(config.settings.appearance);
      }
    } catch {
      // No saved look to start from: the defaults stay until the console posts one.
    }
    announceReady();
  }

  async function identify(msg: Identify) {
    const current = session();
    if (!current) return void identifyQueue.push(msg);
    try {
      const body = "token" in msg ? { token: msg.token } : { userId: msg.userId, hash: msg.hash, name: msg.name, email: msg.email };
      const answer = await api.identify(current.visitorToken, body);
      // The protocol does not fix the answer's shape: take a new name or token if one is given.
      const name = typeof answer?.visitorName === "string" ? answer.visitorName : "name" in msg ? msg.name : undefined;
      const token = typeof answer?.visitorToken === "string" ? answer.visitorToken : null;
      if (token) saveVisitorToken(interfaceId, token);
      setSession((s) => s && { ...s, visitorName: name || s.visitorName, visitorToken: token ?? s.visitorToken });
    } catch {
      // A wrong hash or a refused token (403) leaves the visitor anonymous; the host's developer sees why in the network panel.
    }
  }

  let starting = false;
  /** The visitor's conversation (and the bot's greeting) starts here: on their first open, or after a closed one. */
  async function startConversation() {
    const current = session();
    if (!current || starting) return;
    starting = true;
    // The one that just ended joins the earlier conversations shown above the new one.
    const ended = view()?.status === "closed" ? 1 : 0;
    try {
      const { conversationId } = await withRetry(() => api.newConversation(current.visitorToken));
      setSession((s) => s && { ...s, conversationId, pastConversations: s.pastConversations + ended });
      conversation.start(conversationId);
    } catch (error) {
      const code = error instanceof ApiError ? error.code : "";
      setFailure(code === "network" ? "networkError" : isRateLimited(error) ? "rateLimitedLoading" : "sessionFailed");
      setPhase("error");
    } finally {
      starting = false;
    }
  }

  async function upload(file: File, onProgress: (fraction: number) => void) {
    const current = session();
    if (!current) return;
    const id = view()?.id ?? current.conversationId;
    if (!id) return;
    const stored = await withRetry(() => api.upload(current.visitorToken, id, file, onProgress));
    const { key, name, size, type } = stored;
    // Until the server's copy (with its signed URL) comes back, show the local file.
    conversation.sendMessage("", { key, name, size, type, url: stored.url ?? URL.createObjectURL(file) });
  }

  function setOpenState(next: boolean) {
    setOpen(next);
    if (!next) return;
    if (phase() === "ready" && !session()?.conversationId) void startConversation();
    if (unread() > 0) {
      setUnread(0);
      postToHost({ raibu: 1, type: "unread", count: 0 });
    }
    focusComposer();
  }

  function focusComposer() {
    // On touch screens focusing would pop the keyboard over the conversation.
    if (matchMedia("(pointer: fine)").matches) queueMicrotask(() => field?.focus());
  }

  function choose(stepId: string, choice: { id: string; label: string }) {
    conversation.sendChoice(stepId, choice);
    // The picked button is disabled and loses the focus; the message box takes it.
    focusComposer();
  }

  function closeWindow() {
    postToHost({ raibu: 1, type: "close" });
  }

  onMount(() => {
    const stopHost = onHostMessage((msg) => {
      switch (msg.type) {
        case "open":
          return setOpenState(true);
        case "close":
          return setOpenState(false);
        case "opening":
          // A head start on the press-to-click interval, so the first open is not slower for the conversation starting then.
          if (phase() === "ready" && !session()?.conversationId) void startConversation();
          return;
        case "page":
          hostPage = msg.page;
          return conversation.sendPage(msg.page);
        case "identify":
          return void identify(msg);
        default:
          return ignoreUnknown(msg);
      }
    });
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && embedded) closeWindow();
    };
    const onVisibility = () => setVisible(document.visibilityState === "visible");
    document.addEventListener("keydown", onKey);
    document.addEventListener("visibilitychange", onVisibility);
    onCleanup(() => {
      stopHost();
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("visibilitychange", onVisibility);
    });
    if (preview) void startPreview();
    else void boot();
  });

  // Everything shown to an open, visible window counts as read.
  createEffect(() => {
    if (open() && visible() && conversation.link() === "open") conversation.markRead(conversation.latestSeq());
  });

  createEffect(() => {
    document.documentElement.lang = lang();
  });

  // Opened before the conversation was ready, the message box was still disabled: it takes the
  // focus once it can, unless the visitor has put the focus elsewhere in the window meanwhile.
  const composerReady = () => open() && !!view();
  createEffect((wasReady: boolean) => {
    const ready = composerReady();
    if (ready && !wasReady && (document.activeElement === null || document.activeElement === document.body)) focusComposer();
    return ready;
  }, false);

  const title = () => look()?.title || t("defaultTitle");
  // The preview's sample conversation and its texts, in their own chunk; in the preview's language, which follows the console's edits.
  const [previewSample, setPreviewSample] = createSignal<typeof import("./previewSample") | null>(null);
  const agentName = createMemo(() => (preview ? (previewSample()?.previewText(lang()).agent ?? null) : (view()?.assignee?.name ?? null)));
  const sample = createMemo((): TimelineItem[] => previewSample()?.previewItems(lang(), Date.now()) ?? []);
  const linkStatus = () => {
    if (phase() !== "ready") return null;
    const link = conversation.link();
    return link === "reconnecting" ? t("reconnecting") : link === "connecting" ? t("connecting") : null;
  };
  const typingText = () => {
    const typing = conversation.typing();
    if (!typing) return null;
    return typing.name || (typing.from === "agent" ? (view()?.assignee?.name ?? "") : "");
  };

  return (
    <section class="chat" aria-label={title()}>
      <Header
        // The preview keeps the title in view: it is what the admin is editing.
        heading={(!preview && agentName()) || title()}
        avatar={look()?.showAgentAvatar === false ? null : agentName()}
        status={linkStatus()}
        onClose={closeWindow}
      />
      <Switch>
        <Match when={phase() === "loading"}>
          <p class="placeholder" role="status">
            {slowedDown() ? t("rateLimitedLoading") : t("loading")}
          </p>
        </Match>
        <Match when={phase() === "error"}>
          <div class="placeholder" role="alert">
            <p>{t(failure())}</p>
            <Show when={failure() !== "missingInterface" && failure() !== "originNotAllowed"}>
              <button type="button" class="button" onClick={() => void boot()}>
                {t("tryAgain")}
              </button>
            </Show>
          </div>
        </Match>
        <Match when={phase() === "ready"}>
          <MessageList
            top={onDemand()?.earlierConversations({ session })}
            items={preview ? sample() : conversation.items()}
            welcome={look()?.welcome || previewSample()?.previewText(lang()).greeting || null}
            typing={typingText()}
            agentReadSeq={view()?.agentReadSeq ?? 0}
            open={open()}
            onRetry={(id) => conversation.retry(id)}
          />
          <Show when={conversation.problem()}>
            {(problem) => (
              <p class="error banner" role="alert">
                {problemText(t, problem())}
              </p>
            )}
          </Show>
          <PromptPanel prompt={activePrompt(view())} onChoose={choose} />
          {booking()?.appointment({ view, session, choose })}
          {onDemand()?.rating({ view, conversation })}
          <StatusPanel
            view={view()}
            requestKinds={requestKinds(view())}
            connected={conversation.connected()}
            onRequest={(kind) => conversation.request(kind)}
            onNewConversation={startConversation}
            token={session()?.visitorToken ?? ""}
          />
          <Show when={view()?.status !== "closed"}>
            <Composer
              disabled={!view()}
              question={questionField(view())}
              onSend={(text) => conversation.sendMessage(text)}
              onTyping={(typing) => conversation.setTyping(typing)}
              upload={upload}
              ref={(el) => (field = el)}
            />
          </Show>
        </Match>
      </Switch>
    </section>
  );
}

// Exhaustive at compile time; a newer loader's unknown message is ignored at run time.
function ignoreUnknown(_msg: never) {}
