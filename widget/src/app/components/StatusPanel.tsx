// What the conversation's lifecycle asks of the visitor, above the message box: ask for a
// person or a video chat (bot, as the flow offers), wait with a countdown (requested),
// nobody available and the offline form (offline_form), the video call's link, or start over (closed).
import { createEffect, createMemo, createSignal, Match, on, Show, Switch } from "solid-js";
import type { ConversationView, RequestKind } from "@raibu/protocol/realtime";
import { errorText } from "../errorText";
import { t } from "../language";
import { loadWhen } from "../loadWhen";
import { Countdown } from "./Countdown";
import { VideoIcon } from "./Icons";

export interface StatusPanelProps {
  view: ConversationView | null;
  /** The request buttons to show while the bot holds the conversation (flowView's `requestKinds`). */
  requestKinds: RequestKind[];
  connected: boolean;
  onRequest: (kind: RequestKind) => void;
  onNewConversation: () => Promise<void>;
  /** The visitor's token, for the offline form. */
  token: string;
}

export function StatusPanel(props: StatusPanelProps) {
  // A memo, so only a change of status (not any new view) re-enables the request buttons.
  const status = createMemo(() => props.view?.status);
  // One request per click: the buttons stay disabled until the server answers with a new state.
  const [asked, setAsked] = createSignal(false);
  createEffect(on(status, () => setAsked(false), { defer: true }));
  const [starting, setStarting] = createSignal(false);
  const [startError, setStartError] = createSignal<string | null>(null);
  // The offline form, and the notice that nobody is available, come in a chunk loaded when a
  // conversation first needs them (again on a later view if the load failed).
  // Only a visitor whose video request was accepted sees the call's card: it comes in its own chunk.
  const callCard = loadWhen(() => props.view?.call, () => import("./CallCard"));
  const offlineForm = loadWhen(() => status() === "offline_form", () => import("./OfflineForm"));

  const ask = (kind: RequestKind) => {
    setAsked(true);
    props.onRequest(kind);
    // If the server refused (an error frame, no new state), let the visitor try again.
    setTimeout(() => setAsked(false), 8000);
  };

  const startNew = async () => {
    setStarting(true);
    setStartError(null);
    try {
      await props.onNewConversation();
    } catch (error) {
      setStartError(errorText(t, error));
    } finally {
      setStarting(false);
    }
  };

  return (
    <>
      <Show when={props.view?.call && callCard()}>
        {(chunk) => {
          const CallCard = chunk().default;
          return <CallCard url={props.view!.call!.url} />;
        }}
      </Show>
      <Switch>
        <Match when={status() === "bot" && props.requestKinds.length > 0}>
          <div class="panel actions">
            <Show when={props.requestKinds.includes("live")}>
              <button type="button" class="button secondary" data-testid="request-live" disabled={!props.connected || asked()} onClick={() => ask("live")}>
                {t("talkToPerson")}
              </button>
            </Show>
            <Show when={props.requestKinds.includes("video")}>
              <button type="button" class="button secondary" data-testid="request-video" disabled={!props.connected || asked()} onClick={() => ask("video")}>
                <VideoIcon />
                {t("videoChat")}
              </button>
            </Show>
          </div>
        </Match>
        <Match when={status() === "requested"}>
          <div class="panel waiting" role="status">
            <span class="spinner" aria-hidden="true" />
            {/* With nobody available the request may still wait (the step says so), but nobody is promised. */}
            <span>{props.view?.unattended ? t("waitingUnattended") : props.view?.waitingText || t(props.view?.requestKind === "video" ? "waitingVideo" : "waiting")}</span>
            <Show when={props.view?.requestDeadline}>{(deadline) => <Countdown deadline={deadline()} requestedAt={props.view?.requestedAt ?? null} />}</Show>
          </div>
        </Match>
        <Match when={status() === "offline_form" && offlineForm()}>
          {(chunk) => {
            const OfflineForm = chunk().default;
            return <OfflineForm view={props.view!} token={props.token} />;
          }}
        </Match>
        <Match when={status() === "closed"}>
          <div class="panel closed">
            <p role="status">{t("ended")}</p>
            <button type="button" class="button" disabled={starting()} onClick={startNew}>
              {t("newConversation")}
            </button>
            <Show when={startError()}>
              <p class="error" role="alert">
                {startError()}
              </p>
            </Show>
          </div>
        </Match>
      </Switch>
    </>
  );
}
