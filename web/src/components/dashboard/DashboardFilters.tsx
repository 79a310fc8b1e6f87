// The dashboard's filters: the chat interface and the dates (a preset, or two days checked before they
// apply). They live in the page's address (dashboardQuery.ts): a change here writes it and the
// figures follow.
import { createEffect, createSignal, For, on, Show } from "solid-js";
import type { InterfaceSummary } from "../../lib/api";
import { InterfaceSelect } from "../InterfaceSelect";
import { checkRange, RANGE_PRESETS, type DashboardFilters as Filters, type RangePreset, type RangeProblem } from "./dashboardQuery";
import type { DashboardText } from "./texts";

type Props = {
  filters: Filters;
  interfaces: InterfaceSummary[];
  /** The days shown now (where a new custom range starts) and today, the workspace's. */
  shown: { from: string; to: string };
  today: string;
  t: DashboardText;
  lang: string;
  onChange: (next: Filters) => void;
};

export function DashboardFilters(props: Props) {
  // Custom days are a draft until « Apply » finds them right: a half-typed range is never fetched.
  const [custom, setCustom] = createSignal(props.filters.range === "custom");
  const [from, setFrom] = createSignal(props.shown.from);
  const [to, setTo] = createSignal(props.shown.to);
  const [problem, setProblem] = createSignal<RangeProblem | null>(null);
  // The address changed by other means (back, a link): the form shows it.
  createEffect(
    on(
      () => props.filters,
      (filters) => {
        setCustom(filters.range === "custom");
        setFrom(props.shown.from);
        setTo(props.shown.to);
        setProblem(null);
      },
      { defer: true },
    ),
  );

  const pickRange = (value: string) => {
    if (value === "custom") {
      setFrom(props.shown.from);
      setTo(props.shown.to);
      setProblem(null);
      return setCustom(true);
    }
    setCustom(false);
    props.onChange({ ...props.filters, range: value as RangePreset, from: "", to: "" });
  };
  const apply = (e: Event) => {
    e.preventDefault();
    const found = checkRange(from(), to(), props.today);
    setProblem(found);
    if (!found) props.onChange({ ...props.filters, range: "custom", from: from(), to: to() });
  };
  const problemText = () => {
    const found = problem();
    if (!found) return "";
    if (found.key === "dashboard.invalid.tooLong") return props.t(found.key, { days: found.days });
    if (found.key === "dashboard.invalid.future") return props.t(found.key, { today: found.today });
    return props.t(found.key);
  };

  return (
    <div class="dash-filters" role="search" aria-label={props.t("dashboard.filters")}>
      <label class="dash-filter">
        <span>{props.t("dashboard.interface")}</span>
        <InterfaceSelect
          interfaces={props.interfaces}
          value={props.filters.interfaceId}
          allLabel={props.t("dashboard.allInterfaces")}
          testId="dashboard-interface"
          onChange={(interfaceId) => props.onChange({ ...props.filters, interfaceId })}
        />
      </label>
      <label class="dash-filter">
        <span>{props.t("dashboard.range")}</span>
        <select class="select compact" data-testid="dashboard-range" value={custom() ? "custom" : props.filters.range} onChange={(e) => pickRange(e.currentTarget.value)}>
          <For each={RANGE_PRESETS}>
            {(preset) => (
              <option value={preset} selected={preset === (custom() ? "custom" : props.filters.range)}>
                {props.t(`dashboard.range.${preset}`)}
              </option>
            )}
          </For>
        </select>
      </label>
      <Show when={custom()}>
        <form class="dash-custom" onSubmit={apply} novalidate>
          <label class="dash-filter">
            <span>{props.t("dashboard.from")}</span>
            <input
              type="date"
              lang={props.lang}
              data-testid="dashboard-from"
              value={from()}
              max={props.today}
              aria-invalid={problem()?.key === "dashboard.invalid.from" || problem()?.key === "dashboard.invalid.order" || problem()?.key === "dashboard.invalid.tooLong"}
              aria-describedby="dash-range-problem"
              onInput={(e) => setFrom(e.currentTarget.value)}
            />
          </label>
          <label class="dash-filter">
            <span>{props.t("dashboard.to")}</span>
            <input
              type="date"
              lang={props.lang}
              data-testid="dashboard-to"
              value={to()}
              max={props.today}
              aria-invalid={problem() !== null && problem()?.key !== "dashboard.invalid.from"}
              aria-describedby="dash-range-problem"
              onInput={(e) => setTo(e.currentTarget.value)}
            />
          </label>
          <button type="submit" class="button small" data-testid="dashboard-apply">
            {props.t("dashboard.apply")}
          </button>
          <p id="dash-range-problem" class="field-error dash-range-problem" role="alert" data-testid="dashboard-range-problem">
            {problemText()}
          </p>
        </form>
      </Show>
    </div>
  );
}
