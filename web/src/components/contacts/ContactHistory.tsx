// What a contact did with the team: their conversations (opened in Live conversations, read-only once
// closed, as the visitor panel opens a past one), offline threads, appointments, and where each
// connected CRM stands with them.
import { A, useNavigate } from "@solidjs/router";
import { For, Show, type JSX } from "solid-js";
import type { ContactDetail } from "@raibu/protocol/contacts";
import type { ConversationStatus } from "@raibu/protocol/realtime";
import { useI18n } from "../../stores/createI18n";
import { StatusChip } from "../live/StatusChip";
import { knownKey, useContactText } from "./texts";

const STATUSES: readonly string[] = ["bot", "requested", "live", "offline_form", "closed"];
/** How each CRM spells itself; a provider added later shows its id until it is named here. */
const PROVIDER_NAMES: Record<string, string> = { hubspot: "HubSpot", pipedrive: "Pipedrive" };

function Section(props: { title: string; testId: string; empty: string; count: number; children: JSX.Element }) {
  return (
    <section class="card contact-section" data-testid={props.testId}>
      <h2>{props.title}</h2>
      <Show when={props.count > 0} fallback={<p class="muted small-text">{props.empty}</p>}>
        <ul class="bare-list contact-items">{props.children}</ul>
      </Show>
    </section>
  );
}

export function ContactHistory(props: { detail: ContactDetail }) {
  const t = useContactText();
  const { dateTime } = useI18n();
  const navigate = useNavigate();
  const d = () => props.detail;
  const word = (key: string, fallback: string) => {
    const known = knownKey(key);
    return known ? t(known) : fallback;
  };

  return (
    <>
      <Section title={t("contactPage.conversations")} testId="contact-conversations" empty={t("contactPage.noConversations")} count={d().conversations.length}>
        <For each={d().conversations}>
          {(c) => (
            <li>
              <button type="button" class="contact-item" data-testid="contact-conversation" data-conversation-id={c.id} onClick={() => navigate(`/live/${c.id}`)}>
                <span class="contact-item-head">
                  <time class="small-text" dateTime={new Date(c.createdAt).toISOString()}>
                    {dateTime(c.createdAt)}
                  </time>
                  <Show when={STATUSES.includes(c.status)} fallback={<span class="chip">{c.status}</span>}>
                    <StatusChip status={c.status as ConversationStatus} />
                  </Show>
                </span>
                <Show when={c.lastMessagePreview}>
                  <span class="small-text muted contact-item-preview">{c.lastMessagePreview}</span>
                </Show>
              </button>
            </li>
          )}
        </For>
      </Section>
      <Section title={t("contactPage.offline")} testId="contact-offline" empty={t("contactPage.noOffline")} count={d().offlineThreads.length}>
        <For each={d().offlineThreads}>
          {(thread) => (
            <li>
              <A class="contact-item" href={`/offline/${encodeURIComponent(thread.id)}`} data-testid="contact-offline-thread">
                <span class="contact-item-head">
                  <time class="small-text" dateTime={new Date(thread.lastMessageAt).toISOString()}>
                    {dateTime(thread.lastMessageAt)}
                  </time>
                  <span class="badge">{word(`contactPage.offline.${thread.status}`, thread.status)}</span>
                </span>
                <span class="small-text muted contact-item-preview">{thread.preview}</span>
              </A>
            </li>
          )}
        </For>
      </Section>
      <Section title={t("contactPage.appointments")} testId="contact-appointments" empty={t("contactPage.noAppointments")} count={d().appointments.length}>
        <For each={d().appointments}>
          {(a) => (
            <li class="contact-item static" data-testid="contact-appointment" data-status={a.status}>
              <span class="contact-item-head">
                <time class="small-text" dateTime={new Date(a.startsAt).toISOString()}>
                  {dateTime(a.startsAt)}
                </time>
                <span class="badge" classList={{ cancelled: a.status === "cancelled" }}>
                  {word(`contactPage.appointment.${a.status}`, a.status)}
                </span>
              </span>
            </li>
          )}
        </For>
      </Section>
      <Section title={t("contactPage.crm")} testId="contact-crm" empty={t("contactPage.noCrm")} count={d().crm.length}>
        <For each={d().crm}>
          {(crm) => (
            <li class="contact-item static" data-testid="contact-crm-state" data-provider={crm.provider} data-status={crm.status}>
              <span class="contact-item-head">
                <strong class="contact-provider">{PROVIDER_NAMES[crm.provider] ?? crm.provider}</strong>
                <span class={`badge crm-${crm.status}`}>{t(`contactPage.crm.${crm.status}`)}</span>
              </span>
              <Show when={crm.syncedAt}>{(at) => <span class="small-text muted">{dateTime(at())}</span>}</Show>
              <Show when={crm.status === "failed" && crm.lastError}>
                <span class="small-text error-text">{crm.lastError}</span>
              </Show>
            </li>
          )}
        </For>
      </Section>
    </>
  );
}
