// An interface's business hours: on or off, the team's time zone, and for each weekday either
// closed or one or more opening ranges, checked as the API checks them (a range must close after
// it opens, and not overlap another of its day) with the problem shown on the range.
import { createMemo, createSignal, createUniqueId, For, Show } from "solid-js";
import { createStore, reconcile, unwrap } from "solid-js/store";
import type { BusinessHours as Hours, Weekday } from "@raibu/protocol/businessHours";
import { ApiError } from "../../lib/api";
import { errorText } from "../../lib/errorText";
import { checkHours, hoursFormFrom, knownTimeZones, rangeKey, type HoursForm, type HoursProblems } from "../../lib/interfaceForm";
import { useLeaveGuard } from "../../lib/useLeaveGuard";
import { useI18n } from "../../stores/createI18n";
import { FormFooter } from "../form/FormFooter";
import { WeekRanges } from "./WeekRanges";
import "./businessHours.css";

type Props = {
  hours: Hours;
  timeZone: string;
  /** Saves both; resolves with what was stored, to show it. */
  onSave: (hours: Hours, timeZone: string) => Promise<{ hours: Hours; timeZone: string }>;
};

export function BusinessHours(props: Props) {
  const { t } = useI18n();
  const uid = createUniqueId();
  const [form, setForm] = createStore<HoursForm>(hoursFormFrom(props.hours, props.timeZone));
  const [savedJson, setSavedJson] = createSignal(JSON.stringify(form));
  const [problems, setProblems] = createSignal<HoursProblems>({});
  const [zoneInvalid, setZoneInvalid] = createSignal(false);
  const [status, setStatus] = createSignal<{ tone: "error" | "success"; text: string } | null>(null);
  const [saving, setSaving] = createSignal(false);
  const zones = knownTimeZones();

  const dirty = createMemo(() => JSON.stringify(form) !== savedJson());
  useLeaveGuard(dirty, () => t("hours.unsaved"));

  /** Once a problem shows, the form is checked again as it is edited, so fixing it clears it. */
  const recheck = () => {
    if (!Object.keys(problems()).length && !zoneInvalid()) return;
    const checked = checkHours(unwrap(form));
    setProblems(checked.problems);
    setZoneInvalid(checked.timeZoneInvalid);
  };

  const edit = (change: () => void) => {
    change();
    setStatus(null);
    recheck();
  };

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    setStatus(null);
    const checked = checkHours(structuredClone(unwrap(form)));
    setProblems(checked.problems);
    setZoneInvalid(checked.timeZoneInvalid);
    if (!checked.hours) return setStatus({ tone: "error", text: t("hours.fixErrors") });
    setSaving(true);
    try {
      const saved = await props.onSave(checked.hours, form.timeZone.trim());
      const shown = hoursFormFrom(saved.hours, saved.timeZone);
      setForm(reconcile(shown));
      setSavedJson(JSON.stringify(shown));
      setStatus({ tone: "success", text: t("hours.saved") });
    } catch (err) {
      // The API's own check names the range: shown there, as the form's check would have.
      const facts = err instanceof ApiError ? err.facts : {};
      if (err instanceof ApiError && (err.code === "close_before_open" || err.code === "overlap") && typeof facts.day === "string") {
        setProblems({ [rangeKey(facts.day as Weekday, Number(facts.index))]: err.code });
        setStatus({ tone: "error", text: t("hours.fixErrors") });
      } else if (err instanceof ApiError && err.code === "invalid_time_zone") {
        setZoneInvalid(true);
        setStatus({ tone: "error", text: t("hours.fixErrors") });
      } else {
        setStatus({ tone: "error", text: errorText(err, t) });
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <section class="card" aria-labelledby={`${uid}-title`} data-testid="business-hours">
      <form class="form" noValidate onSubmit={save}>
        <div>
          <h3 id={`${uid}-title`}>{t("hours.title")}</h3>
          <p class="muted small-text">{t("hours.intro")}</p>
        </div>
        <label class="check">
          <input type="checkbox" checked={form.enabled} data-testid="hours-enabled" onChange={(e) => edit(() => setForm("enabled", e.currentTarget.checked))} />
          <span>{t("hours.enabled")}</span>
        </label>
        <div class="field hours-zone" classList={{ invalid: zoneInvalid() }}>
          <label for={`${uid}-zone`}>{t("hours.timeZone")}</label>
          <input
            id={`${uid}-zone`}
            type="text"
            list={`${uid}-zones`}
            autocomplete="off"
            spellcheck={false}
            value={form.timeZone}
            aria-invalid={zoneInvalid() ? true : undefined}
            aria-describedby={`${uid}-zone-hint${zoneInvalid() ? ` ${uid}-zone-error` : ""}`}
            data-testid="hours-time-zone"
            onInput={(e) => edit(() => setForm("timeZone", e.currentTarget.value))}
          />
          <datalist id={`${uid}-zones`}>
            <For each={zones}>{(zone) => <option value={zone} />}</For>
          </datalist>
          <p class="field-hint" id={`${uid}-zone-hint`}>
            {t("hours.timeZoneHint")}
          </p>
          <Show when={zoneInvalid()}>
            <p class="field-error" id={`${uid}-zone-error`}>
              {t("hours.timeZoneInvalid")}
            </p>
          </Show>
        </div>

        <Show when={form.enabled} fallback={<p class="muted small-text" data-testid="hours-off">{t("hours.off")}</p>}>
          <fieldset class="form-section">
            <legend>{t("hours.week")}</legend>
            <p class="field-hint">{t("hours.midnightHint")}</p>
            <WeekRanges uid={uid} days={form.days} problems={problems()} onChange={(day, ranges) => edit(() => setForm("days", day, ranges))} />
          </fieldset>
        </Show>

        <FormFooter status={status()} statusTestId="hours-status" dirty={dirty()} saving={saving()} label={t("hours.save")} submitTestId="hours-save" />
      </form>
    </section>
  );
}
