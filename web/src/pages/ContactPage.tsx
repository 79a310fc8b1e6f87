// A contact's page: their fields (editable), notes, conversations, offline threads, appointments,
// CRM sync state and timeline; « Merge with… » folds another contact into this one, « Delete »
// (admins) erases them everywhere and shows what went. Loaded on demand (App.tsx), with its texts.
import { A, useLocation, useNavigate, useParams } from "@solidjs/router";
import { createEffect, createSignal, on, Show } from "solid-js";
import type { ContactDetail } from "@raibu/protocol/contacts";
import { contactLabel, erasureConsequences } from "../components/contacts/contactActions";
import { ContactFieldsForm } from "../components/contacts/ContactFieldsForm";
import { ContactHistory } from "../components/contacts/ContactHistory";
import { ContactNotes } from "../components/contacts/ContactNotes";
import { ContactTimeline } from "../components/contacts/ContactTimeline";
import { DeleteDialog } from "../components/contacts/DeleteDialog";
import { MergeDialog } from "../components/contacts/MergeDialog";
import { useContactText } from "../components/contacts/texts";
import { Icon } from "../components/Icon";
import { Notice } from "../components/Notice";
import { ApiError, useApi, type Contact } from "../lib/api";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useI18n } from "../stores/createI18n";
import { useSession } from "../stores/createSession";
import "../components/contacts/contacts.css";

type Load = { state: "loading" } | { state: "ready"; detail: ContactDetail } | { state: "gone" } | { state: "failed" };

export function ContactPage() {
  const t = useContactText();
  const { dateTime } = useI18n();
  const api = useApi();
  const session = useSession();
  const params = useParams<{ id: string }>();
  const navigate = useNavigate();
  const location = useLocation<{ list?: string }>();
  const [load, setLoad] = createSignal<Load>({ state: "loading" });
  const [notice, setNotice] = createSignal<string | null>(null);
  const [merging, setMerging] = createSignal(false);
  const [deleting, setDeleting] = createSignal(false);
  const [noteCount, setNoteCount] = createSignal(0);
  // « All contacts » goes back to the list as it was left (its filter and sort), when we came from it.
  const listHref = () => `/contacts${location.state?.list ?? ""}`;

  const detail = () => {
    const l = load();
    return l.state === "ready" ? l.detail : null;
  };
  const label = () => {
    const d = detail();
    return d ? contactLabel(d.contact, t("contacts.noName")) : "";
  };
  useDocumentTitle(() => (label() ? `${label()} · ${t("nav.contacts")}` : t("nav.contacts")));

  /** Reads the contact; `quiet` keeps what is on screen while it comes (after a save, for the timeline). */
  const fetchDetail = async (id: string, quiet = false) => {
    if (!quiet) setLoad({ state: "loading" });
    try {
      const fresh = await api.contact(id);
      if (params.id === id) setLoad({ state: "ready", detail: fresh });
    } catch (err) {
      if (params.id !== id || quiet) return;
      setLoad(err instanceof ApiError && err.status === 404 ? { state: "gone" } : { state: "failed" });
    }
  };
  createEffect(
    on(
      () => params.id,
      (id) => {
        setNotice(null);
        void fetchDetail(id);
      },
    ),
  );

  const saved = (contact: Contact) => {
    const d = detail();
    if (d) setLoad({ state: "ready", detail: { ...d, contact: { ...d.contact, ...contact } } });
    void fetchDetail(contact.id, true);
  };
  const merged = (next: ContactDetail, otherLabel: string) => {
    setMerging(false);
    setNotice(t("merge.done", { other: otherLabel }));
    if (next.contact.id !== params.id) navigate(`/contacts/${encodeURIComponent(next.contact.id)}`, { replace: true, state: location.state });
    setLoad({ state: "ready", detail: next });
  };

  return (
    <div class="page contact-page" data-testid="contact-page">
      <A href={listHref()} class="link contact-back" data-testid="contact-back">
        <Icon name="back" />
        <span>{t("contactPage.back")}</span>
      </A>
      <Show when={load().state === "loading"}>
        <p class="muted" role="status">
          <span class="spinner small" aria-hidden="true" /> {t("common.loading")}
        </p>
      </Show>
      <Show when={load().state === "gone"}>
        <Notice tone="info" testId="contact-gone">
          {t("contactPage.gone")}
        </Notice>
      </Show>
      <Show when={load().state === "failed"}>
        <Notice tone="error" testId="contact-load-error">
          {t("contactPage.loadFailed")}{" "}
          <button type="button" class="button small" onClick={() => void fetchDetail(params.id)}>
            {t("common.retry")}
          </button>
        </Notice>
      </Show>
      <Show when={detail()}>
        {(d) => (
          <>
            <header class="page-head with-action">
              <div>
                <h1 data-testid="contact-title">{label()}</h1>
                <p class="page-about small-text">
                  {d().contact.convertedBy
                    ? t("contactPage.convertedBy", { when: dateTime(d().contact.createdAt), name: d().contact.convertedBy!.name })
                    : t("contactPage.converted", { when: dateTime(d().contact.createdAt) })}
                </p>
              </div>
              <div class="contact-actions">
                <button type="button" class="button" data-testid="contact-merge" onClick={() => setMerging(true)}>
                  {t("merge.open")}
                </button>
                <Show when={session.isAdmin()}>
                  <button type="button" class="button danger-text" data-testid="contact-delete" onClick={() => setDeleting(true)}>
                    <Icon name="trash" />
                    <span>{t("delete.open")}</span>
                  </button>
                </Show>
              </div>
            </header>
            <Show when={notice()}>
              {(text) => (
                <Notice tone="success" testId="contact-notice">
                  {text()}
                </Notice>
              )}
            </Show>
            <div class="contact-layout">
              <div class="contact-main">
                <ContactFieldsForm contact={d().contact} onSaved={saved} />
                <ContactNotes visitorIds={d().visitorIds} visitorId={d().contact.visitorId} onCount={setNoteCount} />
              </div>
              <div class="contact-side">
                <ContactHistory detail={d()} />
                <ContactTimeline events={d().timeline} />
              </div>
            </div>
            <MergeDialog open={merging()} contact={d().contact} onMerged={(next, other) => merged(next, contactLabel(other, t("contacts.noName")))} onClose={() => setMerging(false)} />
            <Show when={session.isAdmin()}>
              <DeleteDialog
                open={deleting()}
                contact={d().contact}
                label={label()}
                consequences={erasureConsequences(d(), noteCount())}
                onClose={() => setDeleting(false)}
                onDone={() => navigate(listHref())}
              />
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}
