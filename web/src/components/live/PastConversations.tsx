// The visitor panel's list of the visitor's other conversations (newest first): when, how it
// stands, its last words and its rating. Opening one switches the console to it, read-only once closed.
import { useNavigate, useParams } from "@solidjs/router";
import { createResource, For, Show } from "solid-js";
import { useApi } from "../../lib/api";
import { useI18n } from "../../stores/createI18n";
import { RatingStars } from "./RatingStars";
import { StatusChip } from "./StatusChip";
import "./pastConversations.css";

export function PastConversations(props: { visitorId: string }) {
  const { t, dateTime } = useI18n();
  const api = useApi();
  const navigate = useNavigate();
  const params = useParams<{ conversationId?: string }>();
  const [list] = createResource(
    () => props.visitorId,
    async (id) => (await api.visitorConversations(id)).conversations,
  );
  // The one on screen is not "earlier".
  const others = () => (list() ?? []).filter((c) => c.id !== params.conversationId);

  return (
    <section class="panel-section past-conversations" aria-labelledby="past-title" data-testid="past-conversations">
      <h3 id="past-title" class="caps-label">
        {t("past.title")}
      </h3>
      <Show when={!list.error} fallback={<p class="muted small-text">{t("past.loadFailed")}</p>}>
        <Show when={list()} fallback={<p class="muted small-text">{t("common.loading")}</p>}>
          <Show when={others().length > 0} fallback={<p class="muted small-text">{t("past.none")}</p>}>
            <ul class="past-list">
              <For each={others()}>
                {(c) => (
                  <li>
                    <button type="button" class="past-item" data-testid="past-conversation" data-conversation-id={c.id} onClick={() => navigate(`/live/${c.id}`)}>
                      <span class="past-head">
                        <time class="small-text" dateTime={new Date(c.createdAt).toISOString()}>
                          {dateTime(c.createdAt)}
                        </time>
                        <StatusChip status={c.status} />
                      </span>
                      <Show when={c.lastMessagePreview}>
                        <span class="past-preview small-text muted">{c.lastMessagePreview}</span>
                      </Show>
                      <Show when={c.rating}>{(score) => <RatingStars score={score()} comment={c.ratingComment} testId="past-rating" />}</Show>
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </Show>
      </Show>
    </section>
  );
}
