// The dashboard's few upcoming appointments (« Rendez-vous »), soonest first: when (in the agent's own
// zone, like the Appointments page), the visitor, the interface and « Rejoindre ».
import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import type { Appointment } from "@raibu/protocol/appointments";
import type { Lang } from "../../../../client/lang";
import { JoinButton } from "../appointments/JoinButton";
import { Notice } from "../Notice";
import type { DashboardText } from "./texts";

type Props = {
  appointments: Appointment[];
  loaded: boolean;
  failed: boolean;
  now: number;
  t: DashboardText;
  lang: Lang;
  onRetry: () => void;
};

export function UpcomingAppointments(props: Props) {
  const when = (a: Appointment) => {
    const day = new Intl.DateTimeFormat(props.lang, { weekday: "short", day: "numeric", month: "short" }).format(a.startsAt);
    const time = new Intl.DateTimeFormat(props.lang, { hour: "numeric", minute: "2-digit" });
    return { day, time: `${time.format(a.startsAt)} – ${time.format(a.endsAt)}` };
  };
  return (
    <section class="card flush dash-appointments" aria-labelledby="dash-appointments-title" data-testid="dashboard-appointments">
      <div class="card-head">
        <h2 id="dash-appointments-title">{props.t("dashboard.appointments")}</h2>
        <A href="/appointments" class="small-text">
          {props.t("dashboard.allAppointments")}
        </A>
      </div>
      <Show when={props.failed}>
        <div class="dash-note">
          <Notice tone="error">
            {props.t("dashboard.appointmentsFailed")}{" "}
            <button type="button" class="button small" onClick={() => props.onRetry()}>
              {props.t("common.retry")}
            </button>
          </Notice>
        </div>
      </Show>
      <Show when={props.loaded && props.appointments.length === 0}>
        <p class="muted dash-note" data-testid="dashboard-no-appointments">
          {props.t("dashboard.noAppointments")}
        </p>
      </Show>
      <ul class="bare-list">
        <For each={props.appointments}>
          {(a) => (
            <li class="dash-appointment" data-testid="dashboard-appointment" data-id={a.id}>
              <div class="dash-appointment-when">
                <span>{when(a).day}</span>
                <span class="muted small-text">{when(a).time}</span>
              </div>
              <div class="dash-appointment-who">
                <span data-testid="dashboard-appointment-visitor">{a.name}</span>
                <span class="muted small-text" data-testid="dashboard-appointment-interface">
                  {props.t("appointments.interface")}: {a.interfaceName}
                </span>
              </div>
              <Show when={a.agentUrl}>{(url) => <JoinButton appointment={a} url={url()} now={props.now} />}</Show>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
