// A conversation's lifecycle state as a coloured, translated chip.
import type { ConversationStatus } from "@raibu/protocol/realtime";
import { useI18n } from "../../stores/createI18n";

export function StatusChip(props: { status: ConversationStatus }) {
  const { t } = useI18n();
  return (
    <span class={`chip chip-${props.status}`} data-testid="status-chip" data-status={props.status}>
      {t(`status.${props.status}`)}
    </span>
  );
}
