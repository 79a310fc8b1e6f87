// The right column: who the visitor is and where they are (with exactly which fields the
// website verified), « Marquer comme contact », and Notes.
import { createEffect, createResource, createSignal, For, lazy, Match, on, Show, Switch, type Accessor, type JSX } from "solid-js";
import type { VerifiedField } from "@raibu/protocol/widgetApi";
import type { PageInfo, VisitorFacts } from "@raibu/protocol/realtime";
import { useApi, type Contact, type VisitorDetail } from "../../lib/api";
import { captureNoticeKey, captureOutcome, type CaptureOutcome } from "../../lib/captureNotice";
import { visitorAsKnown } from "../../lib/contactForm";
import { errorText } from "../../lib/errorText";
import { safeUrl } from "../../../../client/links";
import { pageLabel } from "../../lib/lobbyView";
import { useI18n } from "../../stores/createI18n";
import { Icon } from "../Icon";
import { Notice } from "../Notice";
import { browserName } from "../../lib/browserName";
import { LastSeen } from "./LastSeen";
import { NotesSection } from "./NotesSection";
import { PastConversations } from "./PastConversations";
import "./visitorPanel.css";

// « Mark as contact »'s form, with the fields it shares with a contact's page: a chunk fetched as the
// panel shows (before any click), so the console's first load does not carry it.
const ContactDialog = lazy(() => import("./ContactDialog").then((m) => ({ default: m.ContactDialog })));

type Props = {
  visitorId: string | undefined;
  fallbackName: string;
  /** The page the visitor is on now, as the live frames tell it. */
  page: PageInfo | null;
  online: boolean;
  /** What the conversation's socket says is known of the visitor now: an answer shows as it is given. */
  known?: VisitorFacts;
  meId: string;
  onBack: () => void;
  /** The page's ticking clock, and when this page last saw the visitor online: "last seen" moves with them. */
  now?: Accessor<number>;
  onlineUntil?: number | null;
};

export function VisitorPanel(props: Props) {
  const { t, dateTime, lang } = useI18n();
  const api = useApi();
  const [detail, { mutate, refetch }] = createResource(() => props.visitorId, (id) => api.visitor(id));
  // A visitor coming back online has loaded a page: what the server knows of them has moved on.
  createEffect(on(() => props.online, (online, was) => online && was === false && void refetch(), { defer: true }));
  const [contactOpen, setContactOpen] = createSignal(false);
  /** What the last save did: made or updated the contact, or joined an existing one with that email. */
  const [saved, setSaved] = createSignal<CaptureOutcome | null>(null);

  const onSaved = (contact: Contact & { mergedInto?: string | null }) => {
    setContactOpen(false);
    setSaved(captureOutcome(contact));
    mutate((d) => d && { ...d, contact });
    // The server also copies name, email and phone onto the visitor.
    void refetch();
  };

  return (
    <aside class="surface live-visitor" aria-labelledby="visitor-title" data-testid="visitor-panel">
      <div class="panel-head">
        <button type="button" class="button ghost small narrow-only fold-toggle" data-testid="back-to-chat" onClick={() => props.onBack()}>
          <Icon name="back" />
          <span>{t("live.backToChat")}</span>
        </button>
        <h2 id="visitor-title" class="sr-only">
          {t("visitor.title")}
        </h2>
      </div>
      <Switch fallback={<p class="muted panel-section">{t("common.loading")}</p>}>
        <Match when={detail.error}>
          <div class="panel-section">
            <Notice tone="error">{t("visitor.loadFailed")}</Notice>
            <p class="muted small-text">{errorText(detail.error, t)}</p>
            <button type="button" class="button small" onClick={() => void refetch()}>
              {t("common.retry")}
            </button>
          </div>
        </Match>
        <Match when={detail()}>{(d) => <Details detail={d()} />}</Match>
      </Switch>
    </aside>
  );

  function Details(inner: { detail: VisitorDetail }) {
    const visitor = () => visitorAsKnown(inner.detail.visitor, props.known);
    const context = () => visitor().context;
    const page = (): PageInfo | null =>
      props.page ?? (context().page ? { url: context().page!, title: context().pageTitle ?? "", referrer: context().referrer ?? "" } : null);
    const name = () => visitor().name || visitor().displayName || props.fallbackName;
    const isVerified = (field: VerifiedField) => visitor().verifiedFields.includes(field);
    /** "user ID, email and name", in the agent's language. */
    const verifiedList = () =>
      new Intl.ListFormat(lang(), { type: "conjunction" }).format(visitor().verifiedFields.map((field) => t(`visitor.field.${field}`)));
    return (
      <>
        <section class="panel-section visitor-card">
          <div class="visitor-identity">
            <span class="avatar" aria-hidden="true">
              {name().trim().charAt(0).toUpperCase() || "?"}
            </span>
            <div class="visitor-names">
              <p class="visitor-name" data-testid="visitor-panel-name">
                {name()}
                <Show when={isVerified("name")}>
                  {" "}
                  <VerifiedMark testId="name-verified" />
                </Show>
              </p>
              <Show when={visitor().name && visitor().displayName !== visitor().name}>
                <p class="muted small-text">{visitor().displayName}</p>
              </Show>
              <p class="small-text muted">
                <span class="presence-dot" classList={{ on: props.online }} aria-hidden="true" /> {t(props.online ? "live.visitorOnline" : "live.visitorOffline")}
              </p>
            </div>
          </div>
          <div class="badges">
            <Show when={visitor().verified}>
              <span class="badge badge-verified" data-testid="verified-badge" title={t("visitor.verifiedFields", { fields: verifiedList() })}>
                <Icon name="shield" />
                {t("visitor.verified")}
              </span>
            </Show>
            <Show when={inner.detail.contact}>
              <span class="badge badge-contact" data-testid="contact-badge">
                <Icon name="check" />
                {t("visitor.contactBadge")}
              </span>
            </Show>
          </div>
          <button
            type="button"
            class="button block"
            classList={{ primary: !inner.detail.contact }}
            data-testid="mark-contact"
            onClick={() => {
              setSaved(null);
              setContactOpen(true);
            }}
          >
            <Icon name={inner.detail.contact ? "user" : "plus"} />
            <span>{inner.detail.contact ? t("contact.edit") : t("contact.mark")}</span>
          </button>
          <Show when={visitor().verified}>
            {/* Exactly what the website's proof covers: an HMAC covers the user id alone. */}
            <p class="small-text muted" data-testid="verified-fields">
              {t("visitor.verifiedFields", { fields: verifiedList() })}
            </p>
          </Show>
          <Show when={saved()}>
            <Notice tone="success" testId="contact-saved">
              {t(captureNoticeKey(saved()!))}
            </Notice>
          </Show>
        </section>
        <section class="panel-section">
          <dl class="facts">
            <Show when={visitor().userId}>
              {(userId) => (
                <Fact
                  label={t("visitor.userId")}
                  testId="visitor-user-id"
                  value={
                    <>
                      {userId()} <VerifiedMark testId="user-id-verified" />
                    </>
                  }
                />
              )}
            </Show>
            <Fact
              label={t("visitor.email")}
              testId="visitor-email"
              value={
                visitor().email ? (
                  <>
                    {visitor().email}
                    <Show when={isVerified("email")}>
                      {" "}
                      <VerifiedMark testId="email-verified" />
                    </Show>
                  </>
                ) : null
              }
            />
            <Fact label={t("visitor.phone")} value={visitor().phone} testId="visitor-phone" />
            {/* Answers the bot kept in custom fields, named as the flow's question names them. */}
            <For each={Object.entries(visitor().customFields ?? {})}>{([key, value]) => <Fact label={key} value={value} testId="visitor-custom-field" />}</For>
            <Fact
              label={t("visitor.page")}
              testId="visitor-page"
              value={
                page() ? (
                  <a href={safeUrl(page()!.url)} target="_blank" rel="noopener noreferrer" title={page()!.url}>
                    {pageLabel(page())}
                  </a>
                ) : null
              }
            />
            <Fact label={t("visitor.referrer")} value={context().referrer || page()?.referrer || null} />
            <Fact label={t("visitor.language")} value={context().language || null} />
            <Fact label={t("visitor.timeZone")} value={context().timeZone || null} />
            <Fact
              label={t("visitor.userAgent")}
              value={context().userAgent ? <span title={context().userAgent}>{browserName(context().userAgent!, t)}</span> : null}
              testId="visitor-browser"
            />
            <Fact label={t("visitor.firstSeen")} value={dateTime(visitor().firstSeenAt)} />
            <Fact
              label={t("visitor.lastSeen")}
              value={
                props.now ? (
                  <LastSeen at={Math.max(visitor().lastSeenAt, props.onlineUntil ?? 0)} online={props.online} now={props.now} />
                ) : (
                  dateTime(visitor().lastSeenAt)
                )
              }
            />
          </dl>
        </section>
        <PastConversations visitorId={visitor().id} />
        <NotesSection visitorId={visitor().id} notes={inner.detail.notes} meId={props.meId} onChange={(notes) => mutate((d) => d && { ...d, notes })} />
        <ContactDialog open={contactOpen()} visitor={visitor()} contact={inner.detail.contact} onSaved={onSaved} onClose={() => setContactOpen(false)} />
      </>
    );
  }
}

/** A shield after a value the website verified; its words are for screen readers and the tooltip. */
function VerifiedMark(props: { testId: string }) {
  const { t } = useI18n();
  return (
    <span class="badge badge-verified" data-testid={props.testId} title={t("visitor.verifiedHint")}>
      <Icon name="shield" />
      <span class="sr-only">{t("visitor.verifiedHint")}</span>
    </span>
  );
}

function Fact(props: { label: string; value: JSX.Element | string | null | undefined; small?: boolean; testId?: string }) {
  const { t } = useI18n();
  return (
    <div class="fact">
      <dt class="caps-label">{props.label}</dt>
      <dd classList={{ "small-text": props.small, muted: !props.value }} data-testid={props.testId}>
        {props.value || t("visitor.unknown")}
      </dd>
    </div>
  );
}
