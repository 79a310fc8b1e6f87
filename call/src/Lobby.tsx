// Before joining: the camera's preview, the devices to choose from, and what to do when the
// browser gives no camera or microphone (try again, audio only, or no media at all).
import { createSignal, For, onCleanup, onMount, Show } from "solid-js";
import type { CallInfo } from "@raibu/protocol/calls";
import { listDevices, openLocalMedia, stopTracks, type DeviceChoice, type LocalTracks, type MediaProblem, type MediaWish } from "../../client/call/media";
import { t } from "./texts";
import { streamOf, Video } from "./Video";

export function Lobby(props: { info: CallInfo; onJoin: (tracks: LocalTracks) => void }) {
  const [tracks, setTracks] = createSignal<LocalTracks | null>(null);
  const [problem, setProblem] = createSignal<MediaProblem | null>(null);
  const [asking, setAsking] = createSignal(false);
  const [devices, setDevices] = createSignal<{ cameras: DeviceChoice[]; microphones: DeviceChoice[] }>({ cameras: [], microphones: [] });
  let wish: MediaWish = { audio: true, video: true };
  let handedOver = false;

  async function ask(next: MediaWish, joinAfter = false) {
    setAsking(true);
    const current = tracks();
    if (current) stopTracks(current);
    setTracks(null);
    const result = await openLocalMedia(next);
    setAsking(false);
    if ("problem" in result) {
      setProblem(result.problem);
      return;
    }
    wish = next;
    setProblem(null);
    setTracks(result.tracks);
    if (joinAfter) return join();
    setDevices(await listDevices());
  }

  function join(chosen: LocalTracks | null = tracks()) {
    handedOver = true;
    props.onJoin(chosen ?? { audio: null, video: null });
  }

  onMount(() => void ask(wish));
  onCleanup(() => {
    const current = tracks();
    if (current && !handedOver) stopTracks(current);
  });

  const choose = (kind: "audioDevice" | "videoDevice", id: string) => void ask({ ...wish, [kind]: id });

  return (
    <section class="lobby" aria-labelledby="lobby-title">
      <p id="lobby-title">{t("preview")}</p>
      <div class="preview">
        <Video stream={streamOf(tracks()?.video ?? null)} self label={t("yourVideo")} testId="preview-video" />
        <Show when={asking()}>
          <p class="overlay">{t("askingMedia")}</p>
        </Show>
      </div>
      <Show when={problem()}>
        {(why) => (
          <div class="problem" role="alert" data-testid="media-problem" data-problem={why()}>
            <p>{t(why())}</p>
            <div class="actions">
              <button type="button" onClick={() => void ask({ audio: true, video: true })}>
                {t("retry")}
              </button>
              <Show when={why() !== "denied" && why() !== "unsupported"}>
                <button type="button" onClick={() => void ask({ audio: true, video: false }, true)}>
                  {t("joinAudioOnly")}
                </button>
              </Show>
              <button type="button" data-testid="join-without-media" onClick={() => join({ audio: null, video: null })}>
                {t("joinWithoutMedia")}
              </button>
            </div>
            <p class="hint">{t("noMedia", { name: props.info.peerName })}</p>
          </div>
        )}
      </Show>
      <Show when={tracks()}>
        <div class="devices">
          <Show when={devices().cameras.length > 1}>
            <label>
              {t("camera")}
              <select onChange={(e) => choose("videoDevice", e.currentTarget.value)}>
                <For each={devices().cameras}>{(d) => <option value={d.id} selected={d.id === tracks()?.video?.getSettings().deviceId}>{d.label}</option>}</For>
              </select>
            </label>
          </Show>
          <Show when={devices().microphones.length > 1}>
            <label>
              {t("microphone")}
              <select onChange={(e) => choose("audioDevice", e.currentTarget.value)}>
                <For each={devices().microphones}>{(d) => <option value={d.id} selected={d.id === tracks()?.audio?.getSettings().deviceId}>{d.label}</option>}</For>
              </select>
            </label>
          </Show>
        </div>
        <button type="button" class="primary" data-testid="join" onClick={() => join()}>
          {t("join")}
        </button>
      </Show>
    </section>
  );
}
