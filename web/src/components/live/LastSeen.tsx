// When the visitor was last seen, as a time that moves ("Now", "3 minutes ago"): "Now" while
// they are online, else the latest moment known, the exact time in its tooltip.
import type { Accessor } from "solid-js";
import { relativeTime } from "../../lib/relativeTime";
import { useI18n } from "../../stores/createI18n";

export function LastSeen(props: { at: number; online: boolean; now: Accessor<number> }) {
  const { lang, dateTime } = useI18n();
  const at = () => (props.online ? props.now() : props.at);
  return (
    <time dateTime={new Date(at()).toISOString()} title={dateTime(at())} data-testid="visitor-last-seen">
      {relativeTime(at(), props.now(), lang())}
    </time>
  );
}
