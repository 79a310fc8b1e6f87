// Settings → Appointments: per chat interface, whether visitors may book, the team's zone, the weekly
// hours (the business-hours week editor), slot length, buffer, how far ahead, minimum notice, and
// which agents take them. Loaded on demand (App.tsx); admins save, agents read.
import { useSearchParams } from "@solidjs/router";
import { createEffect, createMemo, createResource, createSignal, createUniqueId, For, on, Show } from "solid-js";
import { createStore, reconcile, unwrap } from "solid-js/store";
import type { AppointmentSettings } from "@raibu/protocol/appointments";
import { ApiError, useApi, type InterfaceSummary, type TeamMember } from "../lib/api";
import { errorText } from "../lib/errorText";
import type { HoursProblems } from "../lib/interfaceForm";
import { useLeaveGuard } from "../lib/useLeaveGuard";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { appointmentFormFrom, checkAppointmentForm, NUMBER_BOUNDS, NUMBER_FIELDS, type AppointmentForm, type NumberField } from "../components/appointments/appointmentSettingsForm";
import { useAppointmentText } from "../components/appointments/texts";
import { FormFooter } from "../components/form/FormFooter";
import { Notice } from "../components/Notice";
import { WeekRanges } from "../components/interfaces/WeekRanges";
import { useSession } from "../stores/createSession";
import "../components/appointments/appointments.css";


export function AppointmentSettingsPage() {
  const t = useAppointmentText();
  const api = useApi();
  const session = useSession();
  const [search, setSearch] = useSearchParams<{ interface?: string }>();
  useDocumentTitle(() => t("nav.appointments"));

  const [interfaces] = createResource(async () => (await api.interfaces()).interfaces);
  const [members] = createResource(async () => (await api.members().catch(() => ({ members: [] as TeamMember[] }))).members, { initialValue: [] });
  // The interface in the address (?interface=), else the first.
  const interfaceId = createMemo(() => {
    const list = interfaces() ?? [];
    return list.find((i) => i.id === search.interface)?.id ?? list[0]?.id;
  });
  const [settings] = createResource(interfaceId, (id) => api.appointmentSettings(id));

  return (
    <section class="stack appointment-settings" data-testid="appointment-settings">
      <p class="muted">{t("appointmentSettings.intro")}</p>
      <Show when={interfaces.error || settings.error}>
        <Notice tone="error">{t("appointmentSettings.loadFailed")}</Notice>
      </Show>
      <Show when={interfaces()}>
        {(list) => (
          <Show when={list().length > 0} fallback={<p class="muted">{t("appointmentSettings.noInterface")}</p>}>
            <InterfacePicker list={list()} value={interfaceId()} onChange={(id) => setSearch({ interface: id })} />
          </Show>
        )}
      </Show>
      <Show when={!session.isAdmin()}>
        <Notice tone="info">{t("appointmentSettings.adminOnly")}</Notice>
      </Show>
      <Show when={!settings.loading && settings.state === "ready" ? { id: interfaceId()!, value: settings()! } : null} keyed>
        {(loaded) => (
          <SettingsForm
            settings={loaded.value}
            members={members()}
            workspaceZone={session.me()?.workspace.timeZone ?? "UTC"}
            readOnly={!session.isAdmin()}
            onSave={(next) => api.saveAppointmentSettings(loaded.id, next)}
          />
        )}
      </Show>
    </section>
  );
}

function InterfacePicker(props: { list: InterfaceSummary[]; value: string | undefined; onChange: (id: string) => void }) {
  const t = useAppointmentText();
  const uid = createUniqueId();
  return (
    <div class="field">
      <label for={uid}>{t("appointmentSettings.interface")}</label>
      <select id={uid} class="select" value={props.value ?? ""} data-testid="appointment-interface" onChange={(e) => props.onChange(e.currentTarget.value)}>
        <For each={props.list}>{(item) => <option value={item.id}>{item.name}</option>}</For>
      </select>
    </div>
  );
}

function SettingsForm(props: {
  settings: AppointmentSettings;
  members: TeamMember[];
  workspaceZone: string;
  readOnly: boolean;
  onSave: (settings: AppointmentSettings) => Promise<AppointmentSettings>;
}) {
  const t = useAppointmentText();
  const uid = createUniqueId();
  const [form, setForm] = createStore<AppointmentForm>(appointmentFormFrom(props.settings));
  const [savedJson, setSavedJson] = createSignal(JSON.stringify(form));
  const [problems, setProblems] = createSignal<HoursProblems>({});
  const [zoneInvalid, setZoneInvalid] = createSignal(false);
  const [numberProblems, setNumberProblems] = createSignal<Partial<Record<NumberField, true>>>({});
  const [status, setStatus] = createSignal<{ tone: "error" | "success"; text: string } | null>(null);
  const [saving, setSaving] = createSignal(false);
  const dirty = createMemo(() => JSON.stringify(form) !== savedJson());
  useLeaveGuard(dirty, () => t("hours.unsaved"));

  const showCheck = () => {
    const checked = checkAppointmentForm(structuredClone(unwrap(form)));
    setProblems(checked.problems);
    setZoneInvalid(checked.timeZoneInvalid);
    setNumberProblems(checked.numberProblems);
    return checked;
  };
  // Once a problem shows, the form is checked again as it is edited, so fixing it clears it.
  const edit = (change: () => void) => {
    change();
    setStatus(null);
    if (Object.keys(problems()).length || zoneInvalid() || Object.keys(numberProblems()).length) showCheck();
  };
  createEffect(on(() => props.settings, () => setStatus(null), { defer: true }));

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    setStatus(null);
    const checked = showCheck();
    if (!checked.settings) return setStatus({ tone: "error", text: t("hours.fixErrors") });
    setSaving(true);
    try {
      const shown = appointmentFormFrom(await props.onSave(checked.settings));
      setForm(reconcile(shown));
      setSavedJson(JSON.stringify(shown));
      setStatus({ tone: "success", text: t("appointmentSettings.saved") });
    } catch (err) {
      if (err instanceof ApiError && err.code === "invalid_time_zone") setZoneInvalid(true);
      setStatus({ tone: "error", text: errorText(err, t) });
    } finally {
      setSaving(false);
    }
  };

  const toggleAgent = (id: string, on: boolean) =>
    edit(() => setForm("agentIds", (ids) => (on ? [...ids.filter((x) => x !== id), id] : ids.filter((x) => x !== id))));

  return (
    <form class="card form" noValidate onSubmit={save}>
      <fieldset class="bare-fieldset stack" disabled={props.readOnly}>
        <label class="check">
          <input type="checkbox" checked={form.enabled} data-testid="appointments-enabled" onChange={(e) => edit(() => setForm("enabled", e.currentTarget.checked))} />
          <span>{t("appointmentSettings.enabled")}</span>
        </label>
        <div class="field hours-zone" classList={{ invalid: zoneInvalid() }}>
          <label for={`${uid}-zone`}>{t("appointmentSettings.timeZone")}</label>
          <input
            id={`${uid}-zone`}
            type="text"
            autocomplete="off"
            spellcheck={false}
            value={form.timeZone}
            placeholder={props.workspaceZone}
            aria-invalid={zoneInvalid() ? true : undefined}
            aria-describedby={`${uid}-zone-hint`}
            data-testid="appointments-time-zone"
            onInput={(e) => edit(() => setForm("timeZone", e.currentTarget.value))}
          />
          <p class="field-hint" id={`${uid}-zone-hint`}>
            {t("appointmentSettings.timeZoneHint", { zone: props.workspaceZone })}
          </p>
          <Show when={zoneInvalid()}>
            <p class="field-error">{t("hours.timeZoneInvalid")}</p>
          </Show>
        </div>
        <fieldset class="form-section">
          <legend>{t("appointmentSettings.week")}</legend>
          <p class="field-hint">{t("hours.midnightHint")}</p>
          <WeekRanges uid={uid} days={form.days} problems={problems()} onChange={(day, ranges) => edit(() => setForm("days", day, ranges))} />
        </fieldset>
        <div class="appointment-numbers">
          <For each={NUMBER_FIELDS}>
            {(field) => (
              <div class="field" classList={{ invalid: !!numberProblems()[field] }}>
                <label for={`${uid}-${field}`}>{t(`appointmentSettings.${field}`)}</label>
                <input
                  id={`${uid}-${field}`}
                  type="number"
                  inputmode="numeric"
                  min={NUMBER_BOUNDS[field].min}
                  max={NUMBER_BOUNDS[field].max}
                  value={form.numbers[field]}
                  aria-invalid={numberProblems()[field] ? true : undefined}
                  data-testid={`appointments-${field}`}
                  onInput={(e) => edit(() => setForm("numbers", field, e.currentTarget.value))}
                />
                <Show when={numberProblems()[field]}>
                  <p class="field-error">{t("appointmentSettings.range", NUMBER_BOUNDS[field])}</p>
                </Show>
              </div>
            )}
          </For>
        </div>
        <fieldset class="form-section">
          <legend>{t("appointmentSettings.agents")}</legend>
          <p class="field-hint">{t("appointmentSettings.agentsHint")}</p>
          <ul class="bare-list appointment-agents" data-testid="appointments-agents">
            <For each={props.members}>
              {(member) => (
                <li>
                  <label class="check">
                    <input type="checkbox" checked={form.agentIds.includes(member.id)} onChange={(e) => toggleAgent(member.id, e.currentTarget.checked)} />
                    <span>
                      {member.name} <span class="muted small-text">{member.email}</span>
                    </span>
                  </label>
                </li>
              )}
            </For>
          </ul>
        </fieldset>
      </fieldset>
      <Show when={!props.readOnly}>
        <FormFooter status={status()} statusTestId="appointments-status" dirty={dirty()} saving={saving()} label={t("appointmentSettings.save")} submitTestId="appointments-save" />
      </Show>
    </form>
  );
}
