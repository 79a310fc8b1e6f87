// The postMessage protocol between the loader on the host page and the widget app in
// its iframe. Both sides check the other's origin and the `raibu` tag before acting.

export interface HostPageInfo {
  url: string;
  referrer: string;
  title: string;
}

/** Messages from the host page's loader to the widget iframe. */
export type HostToWidget =
  | { raibu: 1; type: "open" }
  | { raibu: 1; type: "close" }
  /** The launcher is being pressed: the click that opens the chat follows, so its conversation may start now. */
  | { raibu: 1; type: "opening" }
  | { raibu: 1; type: "page"; page: HostPageInfo }
  /** The host site's identity token (a JWT it signed); or, for older integrations, a user id and its HMAC. */
  | { raibu: 1; type: "identify"; token: string }
  | { raibu: 1; type: "identify"; userId: string; hash: string; name?: string; email?: string };

/** Messages from the widget iframe to the loader. */
export type WidgetToHost =
  | { raibu: 1; type: "ready"; launcher: LauncherLook }
  | { raibu: 1; type: "close" }
  | { raibu: 1; type: "unread"; count: number }
  | { raibu: 1; type: "event"; name: WidgetEventName; data?: unknown };

export interface LauncherLook {
  color: string;
  label: string;
  position: "right" | "left";
}

export type WidgetEventName = "open" | "close" | "message" | "unread" | "ready";

export function isWidgetMessage(data: unknown): data is WidgetToHost {
  return typeof data === "object" && data !== null && (data as { raibu?: unknown }).raibu === 1 && typeof (data as { type?: unknown }).type === "string";
}

export const isHostMessage = isWidgetMessage as unknown as (data: unknown) => data is HostToWidget;
