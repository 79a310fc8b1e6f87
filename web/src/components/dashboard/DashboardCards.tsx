// The dashboard's three figures: total responses (live, video, takeovers), the average a day, the
// offline messages. Each card is a named group and each figure has its own test id (the browser tests').
import { Show, type JSX } from "solid-js";
import type { Metrics } from "@raibu/protocol/metrics";
import type { Lang } from "../../../../client/lang";
import { cardFigures } from "./dashboardView";
import type { DashboardText } from "./texts";

type Props = { metrics: Metrics | null; t: DashboardText; lang: Lang };

function Card(props: { title: string; testId: string; figure: string | undefined; children?: JSX.Element }) {
  return (
    <div class="card dash-card" role="group" aria-label={props.title} data-testid={`dashboard-card-${props.testId}`}>
      <h2 class="dash-card-title">{props.title}</h2>
      <p class="dash-figure" data-testid={`dashboard-${props.testId}`} aria-busy={props.figure === undefined}>
        {props.figure ?? "–"}
      </p>
      <p class="muted small-text dash-card-note">{props.children ?? "\u00a0"}</p>
    </div>
  );
}

export function DashboardCards(props: Props) {
  const figures = () => (props.metrics ? cardFigures(props.metrics, props.lang) : undefined);
  return (
    <div class="dash-cards">
      <Card title={props.t("dashboard.totalResponses")} testId="responses" figure={figures()?.responses}>
        <Show when={figures()}>
          {(f) => (
            <span data-testid="dashboard-breakdown">{props.t("dashboard.breakdown", { live: f().live, video: f().video, takeovers: f().takeovers })}</span>
          )}
        </Show>
      </Card>
      <Card title={props.t("dashboard.averagePerDay")} testId="average" figure={figures()?.average}>
        <Show when={figures()}>{(f) => <span data-testid="dashboard-average-note">{props.t("dashboard.averageNote", { responses: f().responses, days: f().days })}</span>}</Show>
      </Card>
      <Card title={props.t("dashboard.offlineMessages")} testId="offline" figure={figures()?.offline}>
        <Show when={figures()}>{props.t("dashboard.offlineNote")}</Show>
      </Card>
    </div>
  );
}
