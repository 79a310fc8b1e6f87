// Console → Appointments (« Rendez-vous »): upcoming first, soonest first, in the agent's own zone,
// each with « Rejoindre » (the agent's call page in a new tab, from a few minutes before the start),
// its link to copy and Cancel; past ones below, a page at a time. The lobby's frames keep it live.
// Loaded on demand (App.tsx), with its texts.
import { createEffect, createMemo, createSignal, on, For, onCleanup, Show } from "solid-js";
import type { Appointment } from "@raibu/protocol/appointments";
import { applyToPast, applyToUpcoming, isUpcoming, withEnded, type When } from "../components/appointments/appointmentList";
import { JoinButton } from "../components/appointments/JoinButton";
import { useAppointmentText } from "../components/appointments/texts";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { CopyButton } from "../components/CopyButton";
import { Notice } from "../components/Notice";
import { useApi } from "../lib/api";
import { errorText } from "../lib/errorText";
import { createNow } from "../lib/signals";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useI18n } from "../stores/createI18n";
import { useLobby } from "../stores/createLobby";
import "../components/appointments/appointments.css";

const PAGE = 50;

/** One list (upcoming or past) read a page at a time; `set` lets the lobby's frames change it. */
function createAppointmentPages(when: When) {
  const api = useApi();
  const [items, setItems] = createSignal<Appointment[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(false);
  const [failed, setFailed] = createSignal(false);
  const [loaded, setLoaded] = createSignal(false);
  const load = async (more: boolean) => {
    setLoading(true);
    setFailed(false);
    try {
      const page = await api.appointments({ when, limit: PAGE, cursor: more ? (cursor() ?? undefined) : undefined });
      setItems((list) => {
        const fresh = page.appointments.filter((a) => !more || !list.some((b) => b.id === a.id));
        return more ? [...list, ...fresh] : fresh;
      });
      setCursor(page.nextCursor);
      setLoaded(true);
    } catch {
      setFailed(true);
    } finally {
      setLoading(false);
    }
  };
  void load(false);
  return { items, set: setItems, more: () => cursor() !== null, loadMore: () => void load(true), reload: () => void load(false), loading, failed, loaded };
}

export function AppointmentsPage() {
  const t = useAppointmentText();
  const { lang } = useI18n();
  const api = useApi();
  const lobby = useLobby();
  const now = createNow(15_000);
  useDocumentTitle(() => t("nav.appointments"));

  const upcoming = createAppointmentPages("upcoming");
  const past = createAppointmentPages("past");
  onCleanup(
    lobby.onAppointment((frame) => {
      upcoming.set((list) => applyToUpcoming(list, frame, Date.now()));
      past.set((list) => applyToPast(list, frame, Date.now(), !past.more()));
    }),
  );

  // Each snapshot after the lists were first asked for (a reconnect, or the first connection made
  // after they answered): what the lobby's frames may have missed meanwhile is read again.
  const snapshotsAtStart = lobby.snapshots();
  createEffect(
    on(
      lobby.snapshots,
      (count) => {
        if (count > snapshotsAtStart) {
          upcoming.reload();
          past.reload();
        }
      },
      { defer: true },
    ),
  );

  // An appointment that ends while the page is open moves below, first among the past.
  const shownUpcoming = createMemo(() => upcoming.items().filter((a) => isUpcoming(a, now())));
  const shownPast = createMemo(() => withEnded(upcoming.items(), past.items(), now()));

  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const formatWhen = (a: Appointment) => {
    const day = new Intl.DateTimeFormat(lang(), { weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(a.startsAt);
    const time = new Intl.DateTimeFormat(lang(), { hour: "numeric", minute: "2-digit" });
    return { day, time: `${time.format(a.startsAt)} – ${time.format(a.endsAt)}` };
  };

  const [cancelling, setCancelling] = createSignal<Appointment | null>(null);
  const [cancelError, setCancelError] = createSignal<string | null>(null);
  const confirmCancel = async () => {
    const target = cancelling();
    setCancelling(null);
    if (!target) return;
    setCancelError(null);
    try {
      const appointment = await api.cancelAppointment(target.id);
      const frame = { type: "appointment" as const, change: "cancelled" as const, appointment };
      upcoming.set((list) => applyToUpcoming(list, frame, Date.now()));
      past.set((list) => applyToPast(list, frame, Date.now(), !past.more()));
    } catch (err) {
      setCancelError(t("appointments.cancelFailed", { error: errorText(err, t) }));
    }
  };

  const Row = (props: { appointment: Appointment }) => {
    const a = () => props.appointment;
    const when = () => formatWhen(a());
    return (
      <li class="appointment-row" data-testid="appointment-row" data-status={a().status} data-id={a().id}>
        <div class="appointment-when">
          <span>{when().day}</span>
          <span class="muted small-text">{when().time}</span>
        </div>
        <div class="appointment-who">
          <span>{a().name}</span>
          <span class="muted small-text">{a().email}</span>
          <span class="muted small-text">
            {t("appointments.interface")}: {a().interfaceName}
          </span>
        </div>
        <div class="appointment-actions">
          <Show when={a().status === "cancelled"}>
            <span class="badge">{t("appointments.cancelled")}</span>
          </Show>
          <Show when={a().status === "booked" && a().endsAt > now() && a().agentUrl}>
            {(url) => (
              <>
                <JoinButton appointment={a()} url={url()} now={now()} />
                <CopyButton text={new URL(url(), location.href).href} label={t("appointments.copyLink")} testId="appointment-copy" />
                <button type="button" class="button small ghost" data-testid="appointment-cancel" onClick={() => setCancelling(a())}>
                  {t("appointments.cancel")}
                </button>
              </>
            )}
          </Show>
        </div>
      </li>
    );
  };

  const List = (props: { title: string; items: Appointment[]; pages: ReturnType<typeof createAppointmentPages>; empty: string; testId: string }) => (
    <section class="card flush" aria-label={props.title} data-testid={props.testId}>
      <div class="card-head appointment-note">
        <h2>{props.title}</h2>
      </div>
      <Show when={props.pages.failed()}>
        <Notice tone="error">
          {t("appointments.loadFailed")}{" "}
          <button type="button" class="button small" onClick={() => props.pages.reload()}>
            {t("common.retry")}
          </button>
        </Notice>
      </Show>
      <Show when={props.pages.loaded() && props.items.length === 0}>
        <p class="muted appointment-note">{props.empty}</p>
      </Show>
      <ul class="bare-list">
        <For each={props.items}>{(a) => <Row appointment={a} />}</For>
      </ul>
      <Show when={props.pages.more()}>
        <div class="appointment-note">
          <button type="button" class="button small" disabled={props.pages.loading()} onClick={() => props.pages.loadMore()} data-testid={`${props.testId}-more`}>
            {t("appointments.loadMore")}
          </button>
        </div>
      </Show>
    </section>
  );

  return (
    <div class="page appointments-page" data-testid="appointments-page">
      <header class="page-head">
        <h1>{t("nav.appointments")}</h1>
        <p class="page-about">{t("appointments.timeNote", { zone })}</p>
      </header>
      <Show when={cancelError()}>{(text) => <Notice tone="error">{text()}</Notice>}</Show>
      <List title={t("appointments.upcoming")} items={shownUpcoming()} pages={upcoming} empty={t("appointments.emptyUpcoming")} testId="appointments-upcoming" />
      <List title={t("appointments.past")} items={shownPast()} pages={past} empty={t("appointments.emptyPast")} testId="appointments-past" />
      <ConfirmDialog
        open={cancelling() !== null}
        title={t("appointments.cancelTitle")}
        confirmLabel={t("appointments.cancelConfirm")}
        danger
        onConfirm={() => void confirmCancel()}
        onCancel={() => setCancelling(null)}
      >
        <Show when={cancelling()}>
          {(a) => <p>{t("appointments.cancelBody", { name: a().name, when: `${formatWhen(a()).day}, ${formatWhen(a()).time}` })}</p>}
        </Show>
      </ConfirmDialog>
    </div>
  );
}
