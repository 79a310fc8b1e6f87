// @vitest-environment happy-dom
// The dashboard's chart in a DOM: focused, the keyboard moves its highlighted day and the readout
// (aria-live) says that day's figures; « Show as table » gives the same figures with a caption.
import { createSignal } from "solid-js";
import { render } from "solid-js/web";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Metrics, MetricsDay } from "@raibu/protocol/metrics";
import { MetricsChart } from "../src/components/dashboard/MetricsChart";
import { dashboardText, type DashboardTextKey } from "../src/components/dashboard/texts";

const day = (d: string, visitors: number, contacts: number): MetricsDay => ({ day: d, visitors, contacts, responses: 0, liveChats: 0, videoChats: 0, takeovers: 0, callsHeld: 0, offlineMessages: 0, appointments: 0 });
const days = [day("2026-11-28", 5, 1), day("2026-11-29", 0, 0), day("2026-11-30", 12, 2)];
const metrics: Metrics = {
  timeZone: "UTC",
  from: "2026-11-28",
  to: "2026-11-30",
  interfaceId: null,
  days,
  totals: { visitors: 17, contacts: 3, responses: 0, liveChats: 0, videoChats: 0, takeovers: 0, callsHeld: 0, offlineMessages: 0, appointments: 0 },
  averageResponsesPerDay: 0,
  rebuild: null,
};

let dispose: (() => void) | undefined;
afterEach(() => {
  dispose?.();
  document.body.innerHTML = "";
});

function mount(lang: "en" | "fr" = "en") {
  const root = document.createElement("div");
  document.body.append(root);
  const [shown, setShown] = createSignal(metrics);
  dispose = render(() => <MetricsChart metrics={shown()} t={(key, params) => dashboardText(lang)(key as DashboardTextKey, params)} lang={lang} />, root);
  const chart = root.querySelector<HTMLElement>('[data-testid="dashboard-chart"]')!;
  const readout = root.querySelector<HTMLElement>('[data-testid="dashboard-day-values"]')!;
  const key = (name: string) => chart.dispatchEvent(new KeyboardEvent("keydown", { key: name, bubbles: true, cancelable: true }));
  return { root, chart, readout, key, setShown };
}

describe("the dashboard's chart", () => {
  it("is focusable and named; focusing it highlights the last day, ← and → move the day, and its figures are shown in a live region", () => {
    const { chart, readout, key } = mount();
    expect(chart.getAttribute("tabindex")).toBe("0");
    expect(chart.getAttribute("aria-label")).toBe("Visitors and converted contacts per day");
    expect(readout.getAttribute("aria-live")).toBe("polite");
    expect(readout.textContent?.trim()).toBe("");
    chart.focus();
    expect(readout.textContent).toBe("Monday, November 30, 2026: 12 visitors, 2 converted contacts");
    key("ArrowLeft");
    expect(readout.textContent).toBe("Sunday, November 29, 2026: 0 visitors, 0 converted contacts");
    key("ArrowLeft");
    key("ArrowLeft");
    expect(readout.textContent).toBe("Saturday, November 28, 2026: 5 visitors, 1 converted contact");
    key("End");
    expect(readout.textContent).toContain("November 30");
  });

  it("says the day in French", () => {
    const { chart, readout, key } = mount("fr");
    chart.focus();
    key("Home");
    expect(readout.textContent).toBe("samedi 28 novembre 2026 : 5 visiteurs, 1 contact converti");
  });

  it("« Show as table » shows the same figures a day, with a caption and the total", () => {
    const { root } = mount();
    const toggle = root.querySelector<HTMLButtonElement>('[data-testid="dashboard-table-toggle"]')!;
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(root.querySelector("table")).toBeNull();
    toggle.click();
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    const table = root.querySelector("table")!;
    expect(table.querySelector("caption")?.textContent).toMatch(/^Visitors and converted contacts per day, Nov 28\s–\s30, 2026$/);
    const rows = [...table.querySelectorAll("tr")].map((tr) => [...tr.children].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ["Day", "Visitors", "Converted contacts"],
      ["Sat, Nov 28", "5", "1"],
      ["Sun, Nov 29", "0", "0"],
      ["Mon, Nov 30", "12", "2"],
      ["Total", "17", "3"],
    ]);
  });

  it("where the chart cannot be drawn (no 2D canvas here) it says so and shows the table instead", async () => {
    const { root } = mount();
    await vi.waitFor(() => expect(root.textContent).toContain("The chart could not be loaded; the figures are in the table."));
    expect(root.querySelectorAll("tbody tr")).toHaveLength(3);
  });

  it("a live update keeps the highlighted day and says its new figures; other days (new filters) take the highlight away", () => {
    const { chart, readout, key, setShown } = mount();
    chart.focus();
    key("ArrowLeft");
    expect(readout.textContent).toContain("November 29, 2026: 0 visitors");
    setShown({ ...metrics, days: [days[0]!, day("2026-11-29", 3, 1), days[2]!] });
    expect(readout.textContent).toBe("Sunday, November 29, 2026: 3 visitors, 1 converted contact");
    setShown({ ...metrics, from: "2026-11-01", to: "2026-11-03", days: [day("2026-11-01", 1, 0), day("2026-11-02", 2, 0), day("2026-11-03", 3, 0)] });
    expect(readout.textContent?.trim()).toBe("");
  });
});
