// « Rejoindre » (Join) of a booked appointment: the agent's call page in a new tab, open from a few
// minutes before the start; until then a disabled button says when. Shared by the Appointments page
// and the dashboard.
import { Show } from "solid-js";
import type { Appointment } from "@raibu/protocol/appointments";
import { Icon } from "../Icon";
import { canJoin, JOIN_EARLY_MS } from "./appointmentList";
import { useAppointmentText } from "./texts";

export function JoinButton(props: { appointment: Appointment; url: string; now: number }) {
  const t = useAppointmentText();
  return (
    <Show
      when={canJoin(props.appointment, props.now)}
      fallback={
        <button type="button" class="button primary small" disabled title={t("appointments.joinSoon", { minutes: JOIN_EARLY_MS / 60_000 })} data-testid="appointment-join">
          <Icon name="video" />
          <span>{t("appointments.join")}</span>
        </button>
      }
    >
      <a class="button primary small" href={props.url} target="_blank" rel="noopener" data-testid="appointment-join">
        <Icon name="video" />
        <span>{t("appointments.join")}</span>
      </a>
    </Show>
  );
}
