// The visitor's rating of a conversation as stars (1–5), with their comment when they left one.
// Read by screen readers as "Rated 4 out of 5".
import { Show } from "solid-js";
import { useI18n } from "../../stores/createI18n";
import "./pastConversations.css";

export function RatingStars(props: { score: number; comment?: string | null; testId?: string }) {
  const { t } = useI18n();
  const label = () => t("rating.label", { score: props.score });
  return (
    <span class="rating" data-testid={props.testId} data-score={props.score}>
      <span class="rating-stars" role="img" aria-label={label()} title={label()}>
        {"★".repeat(props.score)}
        <span class="rating-empty">{"★".repeat(Math.max(0, 5 - props.score))}</span>
      </span>
      <Show when={props.comment}>
        <q class="rating-comment small-text">{props.comment}</q>
      </Show>
    </span>
  );
}
