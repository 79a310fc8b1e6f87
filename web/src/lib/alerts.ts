// How a new chat request reaches an agent who is looking elsewhere: a chime (client/chime.ts)
// and, if the agent allowed it, a browser notification.

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
