// The sample conversation of the console's preview: in its own chunk, since only the preview shows it.
import type { TimelineItem } from "../../../client/timeline";
import type { Translate } from "./i18n";

/** A visitor's question and the agent's reply; the bot's greeting is the list's welcome line. */
export function previewItems(t: Translate, now: number): TimelineItem[] {
  const row = (id: string, kind: "visitor" | "agent", text: string, minutesAgo: number): TimelineItem => ({
    id,
    seq: null,
    author: { kind, id: kind, name: kind === "agent" ? t("previewAgent") : null },
    text,
    attachment: null,
    notice: null,
    createdAt: now - minutesAgo * 60_000,
    state: "sent",
    error: null,
  });
  return [row("preview-visitor", "visitor", t("previewQuestion"), 2), row("preview-agent", "agent", t("previewReply"), 1)];
}
