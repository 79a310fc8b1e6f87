// A short two-note chime made with WebAudio, so neither front end ships an audio file. Browsers
// keep an AudioContext silent until the page is used: the first pointer or key press unlocks it,
// and before that a chime quietly does nothing. A burst (several requests, a resume after a
// reconnect) chimes once.

/** The two notes, in Hz, the peak volume (0–1) and the length in seconds. */
export interface Tone {
  from: number;
  to: number;
  peak: number;
  seconds: number;
}

/** The console's request alert: lower, a little longer. */
export const REQUEST_TONE: Tone = { from: 660, to: 990, peak: 0.15, seconds: 0.32 };
/** The widget's new-message chime. */
export const MESSAGE_TONE: Tone = { from: 880, to: 1320, peak: 0.12, seconds: 0.25 };
/** The console's "a conversation is now yours": the request's notes, falling. */
export const TRANSFER_TONE: Tone = { from: 990, to: 660, peak: 0.15, seconds: 0.32 };

const BURST_MS = 1500;

let context: AudioContext | undefined;
let lastChime = 0;

function audio(): AudioContext | undefined {
  try {
    context ??= new AudioContext();
    if (context.state === "suspended") context.resume().catch(() => {});
    return context;
  } catch {
    return undefined;
  }
}

/** Call once: the first pointer or key press unlocks audio for later chimes. Returns a function that stops waiting. */
export function unlockAudioOnInteraction(): () => void {
  const unlock = () => {
    audio();
    stop();
  };
  const stop = () => {
    window.removeEventListener("pointerdown", unlock);
    window.removeEventListener("keydown", unlock);
  };
  window.addEventListener("pointerdown", unlock);
  window.addEventListener("keydown", unlock);
  return stop;
}

export function chime(tone: Tone) {
  const now = Date.now();
  if (now - lastChime < BURST_MS) return;
  lastChime = now;
  try {
    const ctx = audio();
    if (!ctx || ctx.state !== "running") return;
    const start = ctx.currentTime;
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    oscillator.type = "sine";
    oscillator.frequency.setValueAtTime(tone.from, start);
    oscillator.frequency.setValueAtTime(tone.to, start + tone.seconds * 0.37);
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(tone.peak, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + tone.seconds);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start(start);
    oscillator.stop(start + tone.seconds + 0.01);
  } catch {
    // No sound is better than a broken page.
  }
}
