// The call itself: the other member's video big, this page's own small, the state in words
// (read out by screen readers), the controls, and the end.
import { createSignal, onCleanup, onMount, Show } from "solid-js";
import type { CallInfo } from "@raibu/protocol/calls";
import { startCallSession, type CallSession, type CallView } from "../../client/call/callSession";
import { openScreen, stopTracks, type LocalTracks } from "../../client/call/media";
import { clock, t, type TextKey } from "./texts";
import { streamOf, Video } from "./Video";

declare global {
  interface Window {
    /** The call's reading, for browser tests (getStats of the peer connection) and support. */
    __raibuCall?: { stats: CallSession["stats"]; phase: () => CallView["phase"] };
  }
}

export function InCall(props: { info: CallInfo; token: string; tracks: LocalTracks }) {
  const [view, setView] = createSignal<CallView | null>(null, { equals: false });
  const [now, setNow] = createSignal(Date.now());
  let session!: CallSession;
  let screen: MediaStreamTrack | null = null;
  let endedHeading: HTMLHeadingElement | undefined;
  const name = () => props.info.peerName;

  onMount(() => {
    session = startCallSession({
      callId: props.info.callId,
      token: props.token,
      role: props.info.role,
      iceServers: props.info.iceServers,
      local: props.tracks,
      onChange: (next) => {
        const wasOver = view()?.phase === "ended" || view()?.phase === "busy";
        setView(next);
        if ((next.phase === "ended" || next.phase === "busy") && !wasOver) {
          stopTracks(props.tracks);
          screen?.stop();
          queueMicrotask(() => endedHeading?.focus());
        }
      },
    });
    setView(session.view());
    window.__raibuCall = { stats: () => session.stats(), phase: () => session.view().phase };
    const tick = setInterval(() => setNow(Date.now()), 1000);
    const leave = () => session.leave();
    window.addEventListener("pagehide", leave);
    onCleanup(() => {
      clearInterval(tick);
      window.removeEventListener("pagehide", leave);
      session.leave();
      stopTracks(props.tracks);
    });
  });

  const phase = () => view()?.phase ?? "joining";
  const over = () => phase() === "ended" || phase() === "busy";

  const status = (): string => {
    const v = view();
    if (v?.link === "reconnecting" && !over()) return t("reconnecting");
    const key: Record<Exclude<CallView["phase"], "ended" | "busy">, TextKey> = {
      joining: "joining",
      waiting: "waiting",
      connecting: "connecting",
      connected: "connected",
      interrupted: "interrupted",
      left: "left",
    };
    return over() ? "" : t(key[phase() as keyof typeof key], { name: name() });
  };

  const elapsed = () => {
    const started = view()?.startedAt;
    return phase() === "connected" && started ? clock(Math.max(0, now() - started)) : null;
  };

  async function toggleShare() {
    if (screen) {
      screen.stop();
      screen = null;
      await session.share(null);
      return;
    }
    const track = await openScreen();
    if (!track) return;
    screen = track;
    // The browser's own "Stop sharing" ends the track: the camera comes back.
    track.addEventListener("ended", () => {
      if (screen !== track) return;
      screen = null;
      void session.share(null);
    });
    await session.share(track);
  }

  const peerMedia = () => view()?.peerMedia;
  const canShare = () => props.info.role === "agent" && !!navigator.mediaDevices?.getDisplayMedia && !!props.tracks.video;

  return (
    <Show
      when={!over()}
      fallback={
        <section class="ended" data-testid="call-ended" aria-labelledby="ended-title">
          <Show
            when={phase() === "busy"}
            fallback={
              <>
                <h2 id="ended-title" tabindex="-1" ref={endedHeading}>
                  {t("ended")}
                </h2>
                <Show when={view()?.ended?.by}>{(by) => <p>{by() === props.info.role ? t("endedByYou") : t("endedByPeer", { name: name() })}</p>}</Show>
                <Show when={view()?.ended?.durationMs}>{(ms) => <p data-testid="call-duration">{t("lasted", { duration: clock(ms()) })}</p>}</Show>
              </>
            }
          >
            <h2 id="ended-title" tabindex="-1" ref={endedHeading}>
              {t("busy")}
            </h2>
            <p>{t("busyHint")}</p>
          </Show>
        </section>
      }
    >
      <section class="stage" data-testid="call-stage" data-phase={phase()}>
        <div class="remote">
          <Video stream={view()?.remote ?? null} label={t("peerVideo", { name: name() })} testId="remote-video" class="remote-video" />
          <Show when={phase() !== "connected" || (peerMedia() && !peerMedia()!.video && !peerMedia()!.screen)}>
            <div class="overlay">
              <span class="avatar" aria-hidden="true">
                {name().slice(0, 1).toUpperCase()}
              </span>
            </div>
          </Show>
        </div>
        <Video stream={streamOf(props.tracks.video)} self label={t("yourVideo")} testId="local-video" class="local-video" />
        <div class="status">
          <p role="status" aria-live="polite" data-testid="call-status">
            {status()}
          </p>
          <Show when={elapsed()}>{(time) => <span class="elapsed">{time()}</span>}</Show>
          <Show when={phase() === "connected" && view()?.quality}>
            {(q) => (
              <span class={`quality ${q()}`} data-testid="call-quality">
                {t("quality", { quality: t(q()) })}
              </span>
            )}
          </Show>
          <Show when={phase() === "connected" && peerMedia()}>
            {(m) => (
              <p class="peer-media">
                <Show when={!m().audio}>
                  <span>{t("peerMuted", { name: name() })}</span>
                </Show>
                <Show when={m().screen}>
                  <span>{t("peerSharing", { name: name() })}</span>
                </Show>
                <Show when={!m().video && !m().screen}>
                  <span>{t("peerCameraOff", { name: name() })}</span>
                </Show>
              </p>
            )}
          </Show>
        </div>
        <div class="controls" role="toolbar" aria-label={t("controls")}>
          <button type="button" aria-pressed={!view()?.media.audio} disabled={!props.tracks.audio} onClick={() => session.setAudio(!view()?.media.audio)} data-testid="toggle-audio">
            {view()?.media.audio ? t("mute") : t("unmute")}
          </button>
          <button type="button" aria-pressed={!view()?.media.video} disabled={!props.tracks.video} onClick={() => session.setVideo(!view()?.media.video)} data-testid="toggle-video">
            {view()?.media.video ? t("cameraOff") : t("cameraOn")}
          </button>
          <Show when={canShare()}>
            <button type="button" aria-pressed={!!view()?.media.screen} onClick={() => void toggleShare()} data-testid="toggle-screen">
              {view()?.media.screen ? t("stopShare") : t("share")}
            </button>
          </Show>
          <button type="button" class="hangup" onClick={() => session.hangUp()} data-testid="hang-up">
            {t("hangUp")}
          </button>
        </div>
      </section>
    </Show>
  );
}
