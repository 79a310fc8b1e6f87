// The dashboard's bar chart: visitors and converted contacts a day, with its legend. The drawing
// library comes in its own chunk (uplotChart.ts) once the chart is shown. The chart is focusable: ←
// and → move a highlighted day, whose values are shown under it and announced; hovering does the
// same. « Show as table » gives the same figures as a table.
import { createEffect, createSignal, For, on, onCleanup, onMount, Show } from "solid-js";
import type { Metrics } from "@raibu/protocol/metrics";
import type { Lang } from "../../../../client/lang";
import type { BarChart, BarSeries } from "./uplotChart";
import { axisLabel, dayReadout, moveDay, rangeText, tableRows } from "./dashboardView";
import type { DashboardText } from "./texts";

type Props = { metrics: Metrics; t: DashboardText; lang: Lang };

export function MetricsChart(props: Props) {
  const [highlighted, setHighlighted] = createSignal<number | null>(null);
  const [tableShown, setTableShown] = createSignal(false);
  const [failed, setFailed] = createSignal(false);
  let target!: HTMLDivElement;
  let chart: BarChart | undefined;
  let observer: ResizeObserver | undefined;
  let fromChart = false;

  const days = () => props.metrics.days;
  const series = (): [BarSeries, BarSeries] => [
    { label: props.t("dashboard.visitors"), values: days().map((d) => d.visitors), colorVar: "--accent", fallback: "#3a55f0" },
    { label: props.t("dashboard.contacts"), values: days().map((d) => d.contacts), colorVar: "--success", fallback: "#12a15b" },
  ];
  const labels = () => days().map((d) => axisLabel(d.day, props.lang));
  const day = () => {
    const index = highlighted();
    return index === null ? undefined : days()[index];
  };

  onMount(() => {
    import("./uplotChart")
      .then(({ createBarChart }) => {
        if (!target.isConnected) return;
        chart = createBarChart(target, target.clientWidth || 600, labels(), series(), (index) => {
          // The pointer moved uPlot's cursor: the readout follows, the cursor is not moved back.
          fromChart = true;
          setHighlighted(index);
          fromChart = false;
        });
        observer = new ResizeObserver(() => chart?.resize(target.clientWidth));
        observer.observe(target);
      })
      .catch(() => {
        // The figures stay readable without the drawing.
        setFailed(true);
        setTableShown(true);
      });
  });
  onCleanup(() => {
    observer?.disconnect();
    chart?.destroy();
  });

  // New figures: redrawn. A live update keeps the highlighted day; other days (new filters) drop it.
  createEffect(
    on([days, () => props.lang], ([next], previous) => {
      chart?.setData(labels(), series());
      const before = previous?.[0];
      if (before && (before[0]?.day !== next[0]?.day || before.length !== next.length)) setHighlighted(null);
    }),
  );
  createEffect(on(highlighted, (index) => !fromChart && chart?.highlight(index), { defer: true }));

  const onKeyDown = (e: KeyboardEvent) => {
    const next = moveDay(highlighted(), e.key, days().length);
    if (next === undefined) return;
    e.preventDefault();
    setHighlighted(next);
  };

  const table = () => tableRows(props.metrics, props.lang);

  return (
    <div class="dash-chart-body">
      <div class="dash-legend" aria-hidden="true">
        <span class="dash-swatch visitors" />
        {props.t("dashboard.visitors")}
        <span class="dash-swatch contacts" />
        {props.t("dashboard.contacts")}
      </div>
      <Show when={failed()}>
        <p class="muted small-text">{props.t("dashboard.chartFailed")}</p>
      </Show>
      <div
        ref={target}
        class="dash-chart"
        style={{ display: failed() ? "none" : undefined }}
        tabindex="0"
        role="group"
        aria-roledescription="chart"
        aria-label={props.t("dashboard.chart")}
        aria-describedby="dash-chart-hint"
        data-testid="dashboard-chart"
        onKeyDown={onKeyDown}
        onFocus={() => highlighted() === null && setHighlighted(days().length - 1)}
      />
      <p id="dash-chart-hint" class="sr-only">
        {props.t("dashboard.chartHint")}
      </p>
      <p class="dash-readout small-text" aria-live="polite" data-testid="dashboard-day-values">
        {day() ? dayReadout(day()!, props.t, props.lang) : "\u00a0"}
      </p>
      <button type="button" class="button ghost small" aria-expanded={tableShown()} aria-controls="dash-table" data-testid="dashboard-table-toggle" onClick={() => setTableShown((v) => !v)}>
        {tableShown() ? props.t("dashboard.hideTable") : props.t("dashboard.showTable")}
      </button>
      <Show when={tableShown()}>
        <div class="dash-table-wrap">
          <table id="dash-table" class="dash-table" data-testid="dashboard-table">
            <caption>{props.t("dashboard.tableCaption", { range: rangeText(props.metrics.from, props.metrics.to, props.lang) })}</caption>
            <thead>
              <tr>
                <th scope="col">{props.t("dashboard.day")}</th>
                <th scope="col">{props.t("dashboard.visitors")}</th>
                <th scope="col">{props.t("dashboard.contacts")}</th>
              </tr>
            </thead>
            <tbody>
              <For each={table().rows}>
                {(row) => (
                  <tr data-day={row.day}>
                    <th scope="row">{row.label}</th>
                    <td>{row.visitors}</td>
                    <td>{row.contacts}</td>
                  </tr>
                )}
              </For>
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{props.t("dashboard.total")}</th>
                <td>{table().total.visitors}</td>
                <td>{table().total.contacts}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </Show>
    </div>
  );
}
