// A short notification beep made with WebAudio, so the widget ships no audio file.
// Browsers keep an AudioContext silent until the visitor interacts with the frame; the
// first interaction unlocks it, and before that the beep quietly does nothing.

let context: AudioContext | undefined;
let lastBeep = 0;

function audio(): AudioContext | undefined {
  try {
    context ??= new AudioContext();
    if (context.state === "suspended") context.resume().catch(() => {});
    return context;
  } catch {
    return undefined;
  }
}

/** Call once: the first pointer or key press in the frame unlocks audio for later beeps. */
export function unlockAudioOnInteraction() {
  const unlock = () => {
    audio();
    window.removeEventListener("pointerdown", unlock);
    window.removeEventListener("keydown", unlock);
  };
  window.addEventListener("pointerdown", unlock);
  window.addEventListener("keydown", unlock);
}

export function beep() {
  const now = Date.now();
  // A burst of messages (a resume after a reconnect) beeps once.
  if (now - lastBeep < 1500) return;
  lastBeep = now;
  try {
    const ctx = audio();
    if (!ctx || ctx.state !== "running") return;
    const start = ctx.currentTime;
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    oscillator.type = "sine";
    oscillator.frequency.setValueAtTime(880, start);
    oscillator.frequency.setValueAtTime(1320, start + 0.09);
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.12, start + 0.015);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.25);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start(start);
    oscillator.stop(start + 0.26);
  } catch {
    // No sound is better than a broken widget.
  }
}
