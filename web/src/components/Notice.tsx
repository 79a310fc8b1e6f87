// An inline message under a form or a list: errors interrupt, the rest is announced politely.
import type { JSX } from "solid-js";

export function Notice(props: { tone: "error" | "success" | "info"; children: JSX.Element; testId?: string }) {
  return (
    <div class={`notice notice-${props.tone}`} role={props.tone === "error" ? "alert" : "status"} data-testid={props.testId}>
      {props.children}
    </div>
  );
}
