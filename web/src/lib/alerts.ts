// How a new chat request reaches an agent who is looking elsewhere: a short beep made with
// WebAudio (no audio file to ship) and, if the agent allowed it, a browser notification.

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

/** Browsers keep audio silent until the page is used; the first click or key press unlocks it. */
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

export function beep() {
  const now = Date.now();
  if (now - lastBeep < 1500) return; // a burst of requests beeps once
  lastBeep = now;
  try {
    const ctx = audio();
    if (!ctx || ctx.state !== "running") return;
    const start = ctx.currentTime;
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    oscillator.type = "sine";
    oscillator.frequency.setValueAtTime(660, start);
    oscillator.frequency.setValueAtTime(990, start + 0.12);
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.15, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.32);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start(start);
    oscillator.stop(start + 0.33);
  } catch {
    // No sound is better than a broken console.
  }
}

export type NotificationState = NotificationPermission | "unsupported";

export function notificationState(): NotificationState {
  return typeof Notification === "undefined" ? "unsupported" : Notification.permission;
}

/** Asked only from a button the agent pressed, never on load. */
export async function askNotificationPermission(): Promise<NotificationState> {
  if (typeof Notification === "undefined") return "unsupported";
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

/** One notification per conversation (the tag), so several open tabs show it once. */
export function notify(title: string, body: string, tag: string, onClick: () => void) {
  if (notificationState() !== "granted") return;
  try {
    const notification = new Notification(title, { body, tag, icon: "/app/favicon.svg" });
    notification.onclick = () => {
      window.focus();
      onClick();
      notification.close();
    };
  } catch {
    // Some browsers only allow notifications from a service worker; the badge and sound remain.
  }
}
