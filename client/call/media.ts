// The call page's own camera, microphone and screen: asking the browser, naming why it refused,
// and listing the devices to choose from.

export type MediaProblem = "denied" | "none" | "in_use" | "unsupported";

export interface LocalTracks {
  audio: MediaStreamTrack | null;
  video: MediaStreamTrack | null;
}

export interface MediaWish {
  audio: boolean;
  video: boolean;
  audioDevice?: string;
  videoDevice?: string;
}

/** Why getUserMedia failed, in the words the page has a sentence for. */
export function mediaProblem(error: unknown): MediaProblem {
  const name = error instanceof Error || (typeof error === "object" && error !== null) ? String((error as { name?: unknown }).name) : "";
  if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") return "denied";
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") return "none";
  if (name === "NotReadableError" || name === "AbortError" || name === "TrackStartError") return "in_use";
  return "unsupported";
}

const deviceConstraint = (wanted: boolean, deviceId: string | undefined): boolean | MediaTrackConstraints =>
  wanted && deviceId ? { deviceId: { exact: deviceId } } : wanted;

/** Asks for what `wish` names; the tracks, or the reason there are none. */
export async function openLocalMedia(wish: MediaWish): Promise<{ tracks: LocalTracks } | { problem: MediaProblem }> {
  if (!wish.audio && !wish.video) return { tracks: { audio: null, video: null } };
  if (!navigator.mediaDevices?.getUserMedia) return { problem: "unsupported" };
  try {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: deviceConstraint(wish.audio, wish.audioDevice),
      video: wish.video ? { ...(wish.videoDevice ? { deviceId: { exact: wish.videoDevice } } : {}), width: { ideal: 1280 }, height: { ideal: 720 } } : false,
    });
    return { tracks: { audio: stream.getAudioTracks()[0] ?? null, video: stream.getVideoTracks()[0] ?? null } };
  } catch (error) {
    return { problem: mediaProblem(error) };
  }
}

export interface DeviceChoice {
  id: string;
  label: string;
}

/** Cameras and microphones by name (the browser names them once the page may use them). */
export async function listDevices(): Promise<{ cameras: DeviceChoice[]; microphones: DeviceChoice[] }> {
  const devices = (await navigator.mediaDevices?.enumerateDevices?.()) ?? [];
  const of = (kind: MediaDeviceKind) =>
    devices.filter((d) => d.kind === kind && d.deviceId).map((d, i) => ({ id: d.deviceId, label: d.label || `${kind === "videoinput" ? "Camera" : "Microphone"} ${i + 1}` }));
  return { cameras: of("videoinput"), microphones: of("audioinput") };
}

/** The screen, a window or a tab the person picks; null when they cancel. */
export async function openScreen(): Promise<MediaStreamTrack | null> {
  try {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    return stream.getVideoTracks()[0] ?? null;
  } catch {
    return null;
  }
}

export function stopTracks(tracks: LocalTracks) {
  tracks.audio?.stop();
  tracks.video?.stop();
}
