// A contact's timeline, newest first: converted, edited, merged, conversations, offline messages,
// bookings, CRM syncs. Each event says what it is, who did it and when; what its data names (the
// fields edited, the CRM, the conversation or thread) is shown or linked.
import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import type { ContactEvent } from "@raibu/protocol/contacts";
import { CONTACT_FIELDS } from "../../lib/contactForm";
import type { MessageKey } from "../../lib/i18n";
import { useI18n } from "../../stores/createI18n";
import { knownKey, useContactText } from "./texts";

const text = (value: unknown): string | null => (typeof value === "string" && value.trim() ? value : null);
const PROVIDER_NAMES: Record<string, string> = { hubspot: "HubSpot", pipedrive: "Pipedrive" };

export function ContactTimeline(props: { events: ContactEvent[] }) {
  const t = useContactText();
  const { dateTime } = useI18n();
  const sorted = () => [...props.events].sort((a, b) => b.at - a.at);
  const title = (event: ContactEvent) => {
    // A capture with an email the workspace already had joined this contact: not an agent's merge.
    if (event.kind === "merged" && event.data.via === "capture") return t("timeline.captured");
    const key = knownKey(`timeline.${event.kind}`);
    return key ? t(key) : t("timeline.other", { kind: event.kind });
  };
  /** Field names in the page's words. */
  const fieldNames = (list: unknown) => {
    if (!Array.isArray(list)) return null;
    const names = list
      .filter((f): f is string => typeof f === "string")
      .map((f) => (f === "customFields" ? t("contact.custom") : (CONTACT_FIELDS as readonly string[]).includes(f) ? t(`contact.${f}` as MessageKey) : f));
    return names.length ? names.join(", ") : null;
  };
  /** The fields an edit changed, or those a merge filled from the other contact. */
  const fields = (event: ContactEvent) => {
    const filled = fieldNames(event.data.filled);
    return fieldNames(event.data.fields) ?? (filled && t("timeline.filled", { fields: filled }));
  };
  const detail = (event: ContactEvent) => {
    const provider = text(event.data.provider);
    return [
      fields(event),
      provider && (PROVIDER_NAMES[provider] ?? provider),
      text(event.data.otherName) ?? text(event.data.name) ?? text(event.data.otherEmail) ?? text(event.data.email),
      text(event.data.error),
    ]
      .filter(Boolean)
      .join(" · ");
  };

  return (
    <section class="card contact-section" data-testid="contact-timeline">
      <h2>{t("contactPage.timeline")}</h2>
      <Show when={sorted().length > 0} fallback={<p class="muted small-text">{t("contactPage.noTimeline")}</p>}>
        <ol class="bare-list contact-timeline">
          <For each={sorted()}>
            {(event) => (
              <li class="timeline-event" data-testid="contact-event" data-kind={event.kind}>
                <span class="timeline-dot" aria-hidden="true" />
                <div class="timeline-body">
                  <span class="timeline-title">{title(event)}</span>
                  <Show when={detail(event)}>
                    <span class="small-text">{detail(event)}</span>
                  </Show>
                  <span class="small-text muted">
                    <time dateTime={new Date(event.at).toISOString()}>{dateTime(event.at)}</time>
                    <Show when={event.actor}>{(actor) => <> · {t("timeline.by", { name: actor().name })}</>}</Show>
                  </span>
                  <Show when={text(event.data.conversationId)}>
                    {(id) => (
                      <A class="small-text link" href={`/live/${encodeURIComponent(id())}`}>
                        {t("timeline.conversation")}
                      </A>
                    )}
                  </Show>
                  <Show when={text(event.data.threadId)}>
                    {(id) => (
                      <A class="small-text link" href={`/offline/${encodeURIComponent(id())}`}>
                        {t("timeline.offline_message")}
                      </A>
                    )}
                  </Show>
                </div>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}
