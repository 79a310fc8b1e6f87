// The agents' dashboard, their page after signing in: responses, the average a day and offline
// messages for the chosen interface and days (the workspace's), visitors and converted contacts a day
// as a chart and a table, the upcoming appointments with « Rejoindre ». Filters live in the address;
// the lobby's frames keep it live. Loaded on demand (App.tsx), with its texts; the chart's library later still.
import { useSearchParams } from "@solidjs/router";
import { createMemo, createResource, Match, Show, Switch } from "solid-js";
import { createDashboard } from "../components/dashboard/createDashboard";
import { DashboardCards } from "../components/dashboard/DashboardCards";
import { DashboardFilters } from "../components/dashboard/DashboardFilters";
import { filtersFromSearch, filtersToSearch, metricsQuery, rangeDays, todayIn, type DashboardFilters as Filters } from "../components/dashboard/dashboardQuery";
import { hasActivity, rangeText, rebuildBanner } from "../components/dashboard/dashboardView";
import { MetricsChart } from "../components/dashboard/MetricsChart";
import { useDashboardText } from "../components/dashboard/texts";
import { UpcomingAppointments } from "../components/dashboard/UpcomingAppointments";
import { Notice } from "../components/Notice";
import { useApi, type InterfaceSummary } from "../lib/api";
import { createNow } from "../lib/signals";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useI18n } from "../stores/createI18n";
import { useLobby } from "../stores/createLobby";
import { useSession } from "../stores/createSession";
import "../components/dashboard/dashboard.css";

const sameJson = <T,>(a: T, b: T) => JSON.stringify(a) === JSON.stringify(b);

export function DashboardPage() {
  const t = useDashboardText();
  const { lang } = useI18n();
  const api = useApi();
  const lobby = useLobby();
  const session = useSession();
  const [search, setSearch] = useSearchParams();
  // The clock moves the presets at the workspace's midnight (and « Join » opens on time).
  const now = createNow(30_000);
  useDocumentTitle(() => t("nav.dashboard"));
  if (session.me() === undefined) void session.load();

  const filters = createMemo(() => filtersFromSearch(search), undefined, { equals: sameJson });
  const setFilters = (next: Filters) => setSearch(filtersToSearch(next));
  const timeZone = () => session.me()?.workspace.timeZone;
  const today = createMemo(() => todayIn(timeZone() ?? "UTC", now()));
  const shown = createMemo(() => rangeDays(filters(), timeZone() ?? "UTC", now()), undefined, { equals: sameJson });
  const query = createMemo(() => {
    const zone = timeZone();
    return zone ? metricsQuery(filters(), zone, now()) : null;
  }, undefined, { equals: sameJson });

  const dashboard = createDashboard({
    query,
    metrics: (q) => api.metrics(q),
    upcoming: async (q) => (await api.appointments({ when: "upcoming", ...q })).appointments,
    onMetrics: lobby.onMetrics,
    onAppointment: lobby.onAppointment,
    snapshots: lobby.snapshots,
  });
  const [interfaces] = createResource(async () => (await api.interfaces().catch(() => ({ interfaces: [] as InterfaceSummary[] }))).interfaces, { initialValue: [] });

  const metrics = dashboard.metrics;
  const banner = () => rebuildBanner(metrics()?.rebuild ?? null, t, lang());
  const zoneShown = () => metrics()?.timeZone ?? timeZone() ?? "";

  return (
    <div class="page dashboard-page" data-testid="dashboard-page">
      <header class="page-head">
        <h1>{t("nav.dashboard")}</h1>
        <p class="page-about" data-testid="dashboard-days">
          {t("dashboard.days", { range: rangeText(shown().from, shown().to, lang()), zone: zoneShown() })}
        </p>
      </header>
      <DashboardFilters filters={filters()} interfaces={interfaces()} shown={shown()} today={today()} t={t} lang={lang()} onChange={setFilters} />
      <Show when={banner()}>
        {(b) => (
          <div class="dash-rebuild" classList={{ failed: !b().running }} role="status" data-testid="dashboard-rebuild">
            <p>{b().text}</p>
            <Show when={b().running}>
              {/* Before the events are counted the bar has no value (indeterminate): a browser refuses an undefined one. */}
              <Show when={b().percent !== null} fallback={<progress max="100" aria-label={b().text} />}>
                <progress max="100" value={b().percent!} aria-label={b().text} />
              </Show>
            </Show>
          </div>
        )}
      </Show>
      <Show when={dashboard.failed()}>
        <Notice tone="error" testId="dashboard-error">
          {t("dashboard.loadFailed")}{" "}
          <button type="button" class="button small" onClick={() => dashboard.reload()}>
            {t("common.retry")}
          </button>
        </Notice>
      </Show>
      <div class="dash-figures" classList={{ stale: dashboard.loading() && metrics() !== null }} aria-busy={dashboard.loading()}>
        <DashboardCards metrics={metrics()} t={t} lang={lang()} />
        <section class="card dash-chart-card" aria-labelledby="dash-chart-title" data-testid="dashboard-chart-card">
          <div class="card-head">
            <h2 id="dash-chart-title">{t("dashboard.chart")}</h2>
          </div>
          <Switch>
            <Match when={metrics()}>
              {(m) => (
                <>
                  <Show when={!hasActivity(m())}>
                    <p class="muted small-text dash-note" data-testid="dashboard-no-activity">
                      {t("dashboard.noActivity")}
                    </p>
                  </Show>
                  <MetricsChart metrics={m()} t={t} lang={lang()} />
                </>
              )}
            </Match>
            <Match when={!dashboard.failed()}>
              <p class="muted dash-note" role="status" data-testid="dashboard-loading">
                <span class="spinner small" aria-hidden="true" /> {t("common.loading")}
              </p>
            </Match>
          </Switch>
        </section>
      </div>
      <UpcomingAppointments
        appointments={dashboard.appointments()}
        loaded={dashboard.appointmentsLoaded()}
        failed={dashboard.appointmentsFailed()}
        now={now()}
        t={t}
        lang={lang()}
        onRetry={dashboard.reloadAppointments}
      />
    </div>
  );
}
