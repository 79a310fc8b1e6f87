// The dashboard's bar chart drawn by uPlot (docs/decisions.md says why uPlot): two bars a day, side by
// side. Its own chunk, imported only when the chart is shown, so no other page loads the library.
// The keyboard, the readout and the table live in MetricsChart.tsx; this module only draws.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface BarSeries {
  label: string;
  values: number[];
  /** A CSS custom property naming the bars' colour, read from the page's theme. */
  colorVar: string;
  fallback: string;
}

export interface BarChart {
  setData(labels: string[], series: [BarSeries, BarSeries]): void;
  /** Puts the cursor on a day (the keyboard's), or takes it away. */
  highlight(index: number | null): void;
  resize(width: number): void;
  destroy(): void;
}

// Whole numbers only on the y axis: counts of people.
const Y_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000, 20_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000];
const HEIGHT = 240;

export function createBarChart(target: HTMLElement, width: number, labels: string[], series: [BarSeries, BarSeries], onHover: (index: number | null) => void): BarChart {
  // uPlot draws on a 2D canvas and would fail later, out of reach, without one: the page shows the table instead.
  if (!document.createElement("canvas").getContext("2d")) throw new Error("no 2D canvas to draw the chart on");
  const css = getComputedStyle(target);
  const color = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  let names = labels;
  const bars = uPlot.paths.bars!;
  const seriesOpts = (s: BarSeries, align: -1 | 1): uPlot.Series => ({
    label: s.label,
    fill: color(s.colorVar, s.fallback),
    stroke: color(s.colorVar, s.fallback),
    width: 0,
    // Each day's two bars sit either side of its tick.
    paths: bars({ size: [0.4, 28, 1], align, gap: 1 }),
    points: { show: false },
  });
  const data = (s: [BarSeries, BarSeries]): uPlot.AlignedData => [s[0].values.map((_, i) => i), s[0].values, s[1].values];

  const plot = new uPlot(
    {
      width,
      height: HEIGHT,
      legend: { show: false },
      cursor: { y: false, points: { show: false }, drag: { x: false, y: false, setScale: false } },
      scales: {
        x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] },
        y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] },
      },
      axes: [
        {
          stroke: color("--muted", "#606a7e"),
          grid: { show: false },
          ticks: { show: false },
          incrs: [1, 2, 7, 14, 30, 61, 91, 182],
          space: 48,
          values: (_u, splits) => splits.map((i) => names[i] ?? ""),
        },
        { stroke: color("--muted", "#606a7e"), grid: { stroke: color("--border-soft", "#eef0f4"), width: 1 }, ticks: { show: false }, incrs: Y_STEPS, size: 48 },
      ],
      series: [{}, seriesOpts(series[0], -1), seriesOpts(series[1], 1)],
      hooks: { setCursor: [(u) => onHover(u.cursor.idx ?? null)] },
    },
    data(series),
    target,
  );

  return {
    setData(nextLabels, nextSeries) {
      names = nextLabels;
      plot.setData(data(nextSeries));
      // The same span keeps uPlot's axes as they were: their labels (another language) are written again.
      plot.redraw(false, true);
    },
    highlight(index) {
      if (index === null) return plot.setCursor({ left: -10, top: -10 });
      plot.setCursor({ left: plot.valToPos(index, "x"), top: plot.bbox.height / devicePixelRatio / 2 });
    },
    resize(nextWidth) {
      plot.setSize({ width: nextWidth, height: HEIGHT });
    },
    destroy() {
      plot.destroy();
    },
  };
}
