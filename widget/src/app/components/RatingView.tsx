// After the conversation ends: the visitor rates it (1–5 stars, a native radio group, so arrow
// keys move between stars) with an optional comment, once; then a thank-you with their stars.
// Loaded on demand (most conversations are never rated), with its texts (../laterTexts.ts).
import { createSignal, For, Show } from "solid-js";
import { RATING_COMMENT_MAX } from "@raibu/protocol/limits";
import type { ConversationRating } from "@raibu/protocol/realtime";
import { later } from "../laterTexts";

export interface RatingViewProps {
  /** The stored rating (the conversation's view): once it is there, the thank-you shows. */
  rating: ConversationRating | null;
  /** Sends the rating; false when it could not leave (no connection). */
  onRate: (score: number, comment: string) => boolean;
  /** The server refused the rating (its error code), if it did. */
  refused: string | null;
}

const SCORES = [1, 2, 3, 4, 5];

export default function RatingView(props: RatingViewProps) {
  const [score, setScore] = createSignal(0);
  const [comment, setComment] = createSignal("");
  const [sent, setSent] = createSignal(false);
  const [notSent, setNotSent] = createSignal(false);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (score() === 0) return;
    const ok = props.onRate(score(), comment().trim());
    setNotSent(!ok);
    setSent(ok);
  };

  return (
    <Show
      when={props.rating}
      fallback={
        <form class="panel rating" data-testid="rating-form" onSubmit={submit}>
          <fieldset>
            <legend>{later("rateTitle")}</legend>
            <div class="stars" role="radiogroup" aria-label={later("rateStars")}>
              <For each={SCORES}>
                {(value) => (
                  <label class="star" classList={{ on: value <= score() }} title={later("star", { count: value })}>
                    <input
                      type="radio"
                      name="rating"
                      class="sr-only"
                      value={value}
                      checked={score() === value}
                      data-testid={`rating-${value}`}
                      onChange={() => setScore(value)}
                    />
                    <span aria-hidden="true">★</span>
                    <span class="sr-only">{later("star", { count: value })}</span>
                  </label>
                )}
              </For>
            </div>
          </fieldset>
          <Show when={score() > 0}>
            <textarea
              class="field"
              rows={2}
              maxLength={RATING_COMMENT_MAX}
              aria-label={later("rateComment")}
              placeholder={later("rateComment")}
              data-testid="rating-comment"
              value={comment()}
              onInput={(e) => setComment(e.currentTarget.value)}
            />
            <button type="submit" class="button" data-testid="rating-send" disabled={sent() && !props.refused}>
              {later("rateSend")}
            </button>
          </Show>
          <Show when={notSent() || props.refused}>
            <p class="error" role="alert">
              {later(notSent() ? "rateNotSent" : "rateRefused")}
            </p>
          </Show>
        </form>
      }
    >
      {(rating) => (
        <div class="panel rating" role="status" data-testid="rating-thanks">
          <p>{later("rateThanks")}</p>
          <p class="stars" role="img" aria-label={later("yourRating", { score: rating().score })}>
            {"★".repeat(rating().score)}
            <span class="off">{"★".repeat(5 - rating().score)}</span>
          </p>
        </div>
      )}
    </Show>
  );
}
