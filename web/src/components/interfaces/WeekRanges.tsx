// The week's editor shared by business hours and appointments: for each weekday, closed or up to
// four opening ranges, each with its problem (lib/interfaceForm.ts's check) shown under it.
import { For, Index, Show } from "solid-js";
import { MAX_RANGES_PER_DAY, WEEKDAYS, type OpenRange, type WeekHours, type Weekday } from "@raibu/protocol/businessHours";
import { nextRange, rangeKey, type HoursProblems } from "../../lib/interfaceForm";
import { useI18n } from "../../stores/createI18n";
import { Icon } from "../Icon";
import "./businessHours.css";

type Props = {
  /** Prefix of the inputs' ids, unique on the page. */
  uid: string;
  days: WeekHours;
  problems: HoursProblems;
  onChange: (day: Weekday, ranges: OpenRange[]) => void;
};

export function WeekRanges(props: Props) {
  const { t, lang } = useI18n();
  // Monday 1 January 2024 onwards: the weekday names in the console's language.
  const dayName = (day: Weekday) => new Intl.DateTimeFormat(lang(), { weekday: "long", timeZone: "UTC" }).format(Date.UTC(2024, 0, 1 + WEEKDAYS.indexOf(day)));
  const setTime = (day: Weekday, index: number, end: "open" | "close", value: string) =>
    props.onChange(
      day,
      props.days[day].map((r, i) => (i === index ? { ...r, [end]: value } : r)),
    );

  return (
    <ul class="bare-list hours-week">
      <For each={WEEKDAYS}>
        {(day) => (
          <li class="hours-day" data-testid={`hours-${day}`}>
            <span class="hours-day-name">{dayName(day)}</span>
            <div class="hours-ranges">
              <Show when={props.days[day].length === 0}>
                <span class="muted small-text hours-closed">{t("hours.closed")}</span>
              </Show>
              <Index each={props.days[day]}>
                {(range, index) => {
                  const problem = () => props.problems[rangeKey(day, index)];
                  const id = `${props.uid}-${day}-${index}`;
                  const label = () => t("hours.rangeOf", { day: dayName(day), n: index + 1 });
                  return (
                    <div class="hours-range" role="group" aria-label={label()} classList={{ invalid: !!problem() }} data-testid="hours-range">
                      <div class="hours-times">
                        <label class="sr-only" for={`${id}-open`}>
                          {t("hours.open")}
                        </label>
                        <input
                          id={`${id}-open`}
                          type="time"
                          value={range().open}
                          aria-invalid={problem() ? true : undefined}
                          aria-describedby={problem() ? `${id}-error` : undefined}
                          data-testid="hours-open"
                          onInput={(e) => setTime(day, index, "open", e.currentTarget.value)}
                        />
                        <span aria-hidden="true">–</span>
                        <label class="sr-only" for={`${id}-close`}>
                          {t("hours.close")}
                        </label>
                        <input
                          id={`${id}-close`}
                          type="time"
                          value={range().close}
                          aria-invalid={problem() ? true : undefined}
                          aria-describedby={problem() ? `${id}-error` : undefined}
                          data-testid="hours-close"
                          onInput={(e) => setTime(day, index, "close", e.currentTarget.value)}
                        />
                        <button
                          type="button"
                          class="button ghost small icon-only"
                          aria-label={t("hours.removeRange", { from: range().open, to: range().close, day: dayName(day) })}
                          title={t("hours.removeRange", { from: range().open, to: range().close, day: dayName(day) })}
                          data-testid="hours-remove"
                          onClick={() => props.onChange(day, props.days[day].filter((_, i) => i !== index))}
                        >
                          <Icon name="close" />
                        </button>
                      </div>
                      <Show when={problem()}>
                        {(code) => (
                          <p class="field-error" id={`${id}-error`}>
                            {t(`hours.problem.${code()}`)}
                          </p>
                        )}
                      </Show>
                    </div>
                  );
                }}
              </Index>
              <div>
                <button
                  type="button"
                  class="button ghost small"
                  aria-label={t("hours.addRangeOn", { day: dayName(day) })}
                  disabled={props.days[day].length >= MAX_RANGES_PER_DAY}
                  data-testid="hours-add"
                  onClick={() => props.onChange(day, [...props.days[day], nextRange(props.days[day])])}
                >
                  <Icon name="plus" />
                  <span>{t("hours.addRange")}</span>
                </button>
              </div>
            </div>
          </li>
        )}
      </For>
    </ul>
  );
}
