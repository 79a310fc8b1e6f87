// A <video> showing a MediaStream (the other member's, or this page's own, muted and mirrored).
import { createEffect } from "solid-js";

export function Video(props: { stream: MediaStream | null; self?: boolean; label: string; testId: string; class?: string }) {
  let video!: HTMLVideoElement;
  createEffect(() => {
    const stream = props.stream;
    if (video.srcObject !== stream) video.srcObject = stream;
    // play() may be refused before a gesture; the page's Join click is one, and autoplay retries.
    if (stream) void video.play().catch(() => {});
  });
  return (
    <video
      ref={video}
      class={props.class}
      classList={{ self: !!props.self }}
      autoplay
      playsinline
      muted={!!props.self}
      aria-label={props.label}
      data-testid={props.testId}
    />
  );
}

/** A stream of the given tracks (the page's own preview). */
export function streamOf(...tracks: Array<MediaStreamTrack | null>): MediaStream | null {
  const present = tracks.filter((track): track is MediaStreamTrack => !!track);
  return present.length ? new MediaStream(present) : null;
}
