// The Appointment step in the widget: the offer to book (or go on without), then the free days, the
// chosen day's times in the visitor's own zone (named, with a note when the team's clock differs),
// name and email filled in with what the bot collected, and the confirmation with the call's link,
// shown again after a reload (the visitor's view carries the booking). Loaded on demand with its texts (../bookingTexts.ts).
import { createEffect, createMemo, createSignal, For, on, Show, type Accessor } from "solid-js";
import type { Booking as Booked, SlotList } from "@raibu/protocol/appointments";
import type { FlowPrompt } from "@raibu/protocol/flow";
import type { ConversationView } from "@raibu/protocol/realtime";
import type { WidgetSession } from "../api";
import { activePrompt } from "../flowView";
import { safeUrl } from "../../../../client/links";
import { withRetry } from "../../../../client/rateLimit";
import { newMessageId } from "../../../../client/timeline";
import { call } from "../api";
import { bookingBody, bookingFailure, allSlots, checkBooking, nextBookingId, slotDays, visitorZone, zoneName, zonesDiffer, type BookingField, type BookingProblem, type Slot } from "../booking";
import { bookingText as text, type BookingKey } from "../bookingTexts";
import { lang, t } from "../language";

type AppointmentPrompt = Extract<FlowPrompt, { kind: "appointment" }>;
/** What the confirmation shows. */
type Confirmed = NonNullable<ConversationView["appointment"]>;

export interface BookingProps {
  view: ConversationView;
  /** The Appointment step while the bot waits on it. */
  prompt: AppointmentPrompt | null;
  token: string;
  onChoose: (stepId: string, choice: { id: string; label: string }) => void;
}

const path = (conversationId: string, rest: string) => `/api/widget/conversations/${encodeURIComponent(conversationId)}/${rest}`;

function problemText(field: BookingField, problem: BookingProblem): string {
  if (problem.code === "required") return text(`required.${field}`);
  if (problem.code === "email") return text("badEmail");
  return text("fieldTooLong", { max: problem.max, count: problem.over });
}

/** The booking panel of the app's current conversation; keyed, so a new conversation starts it afresh. */
export function appointment(app: { view: Accessor<ConversationView | null>; session: Accessor<WidgetSession | null>; choose: BookingProps["onChoose"] }) {
  const prompt = () => {
    const current = activePrompt(app.view());
    return current?.kind === "appointment" ? current : null;
  };
  return (
    <Show when={app.view()?.id} keyed>
      {(_id) => <Booking view={app.view()!} prompt={prompt()} token={app.session()?.visitorToken ?? ""} onChoose={app.choose} />}
    </Show>
  );
}

function Booking(props: BookingProps) {
  const zone = visitorZone();
  const format = (at: number, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(lang(), { timeZone: zone, ...options }).format(at);
  const zoneLabel = (timeZone: string) => {
    const name = zoneName(timeZone, lang());
    return name === timeZone ? name : `${name} (${timeZone})`;
  };

  const [open, setOpen] = createSignal(false);
  const [list, setList] = createSignal<SlotList | null>(null);
  const [listProblem, setListProblem] = createSignal<BookingKey | null>(null);
  const [day, setDay] = createSignal<string | null>(null);
  const [slot, setSlot] = createSignal<Slot | null>(null);
  const [values, setValues] = createSignal({ name: props.view.offlinePrefill?.name ?? "", email: props.view.offlinePrefill?.email ?? "" });
  const [tried, setTried] = createSignal(false);
  const [formProblem, setFormProblem] = createSignal<BookingKey | null>(null);
  const [sending, setSending] = createSignal(false);
  const [justBooked, setJustBooked] = createSignal<Confirmed | null>(null);
  /** The booking's id: the same on every try that may have reached the server, so it books once. */
  let id = newMessageId();

  // What the bot knows may come after the step shows: it fills only the fields still empty.
  createEffect(
    on(
      () => props.view.offlinePrefill,
      (known) => known && setValues((v) => ({ name: v.name || known.name, email: v.email || known.email })),
      { defer: true },
    ),
  );

  // The visitor's view keeps the booking (after a reload too: a cancelled one is gone, a moved one
  // has its new time); until its state frame comes, the booking's own answer shows it.
  const confirmed = () => props.view.appointment ?? justBooked();
  const days = createMemo(() => slotDays(list()?.slots ?? [], zone));
  const dayShown = () => days().find((d) => d.key === day()) ?? null;
  const problems = createMemo(() => checkBooking(values()));
  const errorOf = (field: BookingField) => {
    const problem = problems()[field];
    return tried() && problem ? problemText(field, problem) : null;
  };

  async function loadSlots() {
    const now = Date.now();
    try {
      const found = await allSlots(now, (from, to) => withRetry(() => call<SlotList>(path(props.view.id, `slots?from=${from}&to=${to}`), undefined, props.token)));
      setList(found);
      setListProblem(null);
      // A chosen day or time taken meanwhile is no longer offered.
      if (!found.slots.some((s) => s.startsAt === slot()?.startsAt)) setSlot(null);
    } catch (error) {
      setListProblem(bookingFailure(error) === "appointmentsOff" ? "appointmentsOff" : "slotsFailed");
    }
  }

  function start() {
    setOpen(true);
    void loadSlots();
  }

  const skip = () => props.prompt && props.onChoose(props.prompt.stepId, { id: "continue", label: text("skip") });

  function edit(field: BookingField, value: string) {
    setValues((v) => ({ ...v, [field]: value }));
  }

  async function book(event: SubmitEvent) {
    event.preventDefault();
    const chosen = slot();
    if (sending() || !chosen) return;
    setTried(true);
    const wrong = (["name", "email"] as const).find((field) => problems()[field]);
    setFormProblem(wrong ? "checkFields" : null);
    if (wrong) return queueMicrotask(() => document.getElementById(`booking-${wrong}`)?.focus());
    const body = bookingBody(id, chosen, values(), zone);
    setSending(true);
    try {
      // A rate limit waits as long as the server asks and tries again, with the same id.
      const done = await withRetry(() => call<Booked>(path(props.view.id, "bookings"), body, props.token));
      const booked = { id: done.appointment.id, startsAt: done.appointment.startsAt, endsAt: done.appointment.endsAt, email: done.appointment.email, visitorUrl: done.visitorUrl };
      setJustBooked(booked);
    } catch (error) {
      const failure = bookingFailure(error);
      id = nextBookingId(id, failure);
      setFormProblem(failure);
      if (failure === "slotTaken") void loadSlots();
    } finally {
      setSending(false);
    }
  }

  const minutes = () => list()?.slotMinutes ?? props.prompt?.durationMinutes ?? 0;

  const skipButton = (secondary: boolean) => (
    <Show when={props.prompt}>
      <button type="button" class={secondary ? "button secondary" : "button"} data-testid="appointment-continue" onClick={skip}>
        {text("skip")}
      </button>
    </Show>
  );

  const confirmation = (booked: Confirmed) => {
    const href = safeUrl(booked.visitorUrl);
    return (
      <div class="card booked" role="status" tabindex="-1" data-testid="appointment-booked" ref={(el) => justBooked() && queueMicrotask(() => el.focus())}>
        <span class="card-title">{text("booked")}</span>
        <p data-testid="appointment-when">{format(booked.startsAt, { dateStyle: "full", timeStyle: "short" })}</p>
        <p class="hint">{text("zone", { zone: zoneLabel(zone) })}</p>
        <p>{text("emailed", { email: booked.email })}</p>
        <Show when={href}>
          <a class="button" href={href!} target="_blank" rel="noopener noreferrer" data-testid="appointment-join">
            {text("joinCall")}
            <span class="sr-only"> {t("opensInNewTab")}</span>
          </a>
        </Show>
        {/* Booked while the bot still waits on the step: the visitor moves the conversation on. */}
        {skipButton(true)}
      </div>
    );
  };

  const offer = (step: AppointmentPrompt) => (
    <div class="card offer" role="group" aria-label={text("offer", { minutes: step.durationMinutes })}>
      <button type="button" class="button" data-testid="appointment-book" onClick={start}>
        {text("offer", { minutes: step.durationMinutes })}
      </button>
      {skipButton(true)}
    </div>
  );

  const picker = () => (
    <section class="panel booking" aria-labelledby="booking-title" data-testid="appointment-picker">
      <h2 id="booking-title" tabindex="-1" ref={(el) => queueMicrotask(() => el.focus())}>
        {text("pickTitle")}
      </h2>
      <Show when={list()} fallback={<p role="status">{text(listProblem() ?? "loadingSlots")}</p>}>
        {(found) => (
          <>
            <p class="hint" data-testid="appointment-zone">
              {text("zone", { zone: zoneLabel(zone) })}
              <Show when={zonesDiffer(zone, found().timeZone, found().slots)}> {text("teamZone", { zone: zoneLabel(found().timeZone) })}</Show>
            </p>
            <Show when={days().length > 0} fallback={<p role="status">{text(listProblem() ?? "noSlots")}</p>}>
              <fieldset class="choices days">
                <legend>{text("days")}</legend>
                <For each={days()}>
                  {(d) => (
                    <label class="choice">
                      <input type="radio" name="booking-day" value={d.key} checked={day() === d.key} onChange={() => (setDay(d.key), setSlot(null))} />
                      <span>{format(d.slots[0]!.startsAt, { weekday: "short", day: "numeric", month: "short" })}</span>
                    </label>
                  )}
                </For>
              </fieldset>
              <Show when={dayShown()}>
                {(shown) => (
                  <fieldset class="choices times">
                    <legend>{text("times", { day: format(shown().slots[0]!.startsAt, { weekday: "long", day: "numeric", month: "long" }) })}</legend>
                    <For each={shown().slots}>
                      {(s) => (
                        <label class="choice">
                          <input type="radio" name="booking-time" value={s.startsAt} checked={slot()?.startsAt === s.startsAt} onChange={() => (setSlot(s), setFormProblem(null))} />
                          <span>{format(s.startsAt, { hour: "numeric", minute: "2-digit" })}</span>
                        </label>
                      )}
                    </For>
                  </fieldset>
                )}
              </Show>
            </Show>
          </>
        )}
      </Show>
      <Show when={formProblem() === "slotTaken" || formProblem() === "appointmentsOff" ? formProblem() : null}>
        {(key) => (
          <p class="error" role="alert">
            {text(key())}
          </p>
        )}
      </Show>
      <Show when={slot()}>
        {(chosen) => (
          <form class="offline-form" novalidate aria-labelledby="booking-details" onSubmit={book}>
            <h3 id="booking-details">{text("confirmTitle")}</h3>
            <p class="hint">{text("chosen", { when: format(chosen().startsAt, { dateStyle: "full", timeStyle: "short" }), minutes: minutes() })}</p>
            <fieldset disabled={sending()}>
              <For each={["name", "email"] as const}>
                {(field) => {
                  const error = () => errorOf(field);
                  return (
                    <div class="offline-field">
                      <label for={`booking-${field}`}>{text(field)}</label>
                      <input
                        id={`booking-${field}`}
                        class="input"
                        type={field === "email" ? "email" : "text"}
                        autocomplete={field}
                        value={values()[field]}
                        aria-required="true"
                        aria-invalid={!!error()}
                        aria-describedby={error() ? `booking-${field}-error` : undefined}
                        onInput={(event) => edit(field, event.currentTarget.value)}
                      />
                      <Show when={error()}>
                        <p id={`booking-${field}-error`} class="error">
                          {error()}
                        </p>
                      </Show>
                    </div>
                  );
                }}
              </For>
              <Show when={formProblem() !== "slotTaken" && formProblem() !== "appointmentsOff" && formProblem()}>
                {(key) => (
                  <p class="error" role="alert">
                    {text(key() as BookingKey)}
                  </p>
                )}
              </Show>
              <button type="submit" class="button" data-testid="appointment-confirm">
                {text(sending() ? "booking" : "book")}
              </button>
            </fieldset>
          </form>
        )}
      </Show>
      <div class="actions">
        <button type="button" class="button secondary" onClick={() => setOpen(false)}>
          {text("back")}
        </button>
        {skipButton(true)}
      </div>
    </section>
  );

  return (
    <Show when={confirmed()} fallback={<Show when={props.prompt}>{(step) => <Show when={open()} fallback={offer(step())}>{picker()}</Show>}</Show>}>
      {(booked) => confirmation(booked())}
    </Show>
  );
}
