// The call page: loads the call's info for the link's token, then the lobby (camera preview),
// then the call. Every state that stops it (a bad or expired link, a call already over) is a
// sentence in the person's language, which they may switch.
import { createEffect, createSignal, For, Match, onMount, Switch } from "solid-js";
import type { CallInfo } from "@raibu/protocol/calls";
import { isLang, LANGS } from "../../client/lang";
import type { LocalTracks } from "../../client/call/media";
import { callFromLocation, fetchCallInfo, type InfoProblem } from "./api";
import { InCall } from "./InCall";
import { Lobby } from "./Lobby";
import { LANG_NAMES, lang, setLang, t } from "./texts";

type Stage =
  | { kind: "loading" }
  | { kind: "problem"; problem: InfoProblem }
  | { kind: "over" }
  | { kind: "lobby"; info: CallInfo }
  | { kind: "call"; info: CallInfo; tracks: LocalTracks };

const PROBLEM_HINTS: Partial<Record<InfoProblem, "invalidHint" | "expiredHint">> = { invalid: "invalidHint", expired: "expiredHint" };

export function App() {
  const where = callFromLocation(location);
  const [stage, setStage] = createSignal<Stage>(where ? { kind: "loading" } : { kind: "problem", problem: "invalid" });
  const [info, setInfo] = createSignal<CallInfo | null>(null);

  async function load() {
    if (!where) return;
    setStage({ kind: "loading" });
    const result = await fetchCallInfo(where.callId, where.token);
    if ("problem" in result) return setStage({ kind: "problem", problem: result.problem });
    setInfo(result.info);
    if (isLang(result.info.lang)) setLang(result.info.lang);
    setStage(result.info.endedAt !== null ? { kind: "over" } : { kind: "lobby", info: result.info });
  }
  onMount(() => void load());

  createEffect(() => {
    document.documentElement.lang = lang();
    const peer = info()?.peerName;
    document.title = peer ? `${t("callWith", { name: peer })} · ${t("title")}` : t("title");
  });

  const scheduled = () => {
    const at = info()?.scheduledAt;
    return at && at > Date.now() ? new Intl.DateTimeFormat(lang(), { dateStyle: "full", timeStyle: "short" }).format(at) : null;
  };

  return (
    <div class="call-page">
      <header>
        <h1>{info() ? t("callWith", { name: info()!.peerName }) : t("title")}</h1>
        <label class="lang">
          <span class="sr-only">{t("language")}</span>
          <select value={lang()} onChange={(e) => isLang(e.currentTarget.value) && setLang(e.currentTarget.value)} data-testid="call-lang">
            <For each={LANGS}>{(code) => <option value={code}>{LANG_NAMES[code]}</option>}</For>
          </select>
        </label>
      </header>
      <main>
        {scheduled() && <p class="scheduled">{t("scheduled", { time: scheduled()! })}</p>}
        <Switch>
          <Match when={stage().kind === "loading"}>
            <p role="status">{t("loading")}</p>
          </Match>
          <Match when={stage().kind === "problem" && (stage() as Extract<Stage, { kind: "problem" }>).problem}>
            {(problem) => (
              <section class="notice" role="alert" data-testid="call-problem" data-problem={problem()}>
                <h2>{t(problem() === "tooMany" ? "tooMany" : problem())}</h2>
                {PROBLEM_HINTS[problem()] && <p>{t(PROBLEM_HINTS[problem()]!)}</p>}
                {(problem() === "unreachable" || problem() === "tooMany") && (
                  <button type="button" onClick={() => void load()}>
                    {t("retry")}
                  </button>
                )}
              </section>
            )}
          </Match>
          <Match when={stage().kind === "over"}>
            <section class="notice" data-testid="call-ended">
              <h2>{t("ended")}</h2>
            </section>
          </Match>
          <Match when={stage().kind === "lobby" && (stage() as Extract<Stage, { kind: "lobby" }>).info}>
            {(callInfo) => <Lobby info={callInfo()} onJoin={(tracks) => setStage({ kind: "call", info: callInfo(), tracks })} />}
          </Match>
          <Match when={stage().kind === "call" && (stage() as Extract<Stage, { kind: "call" }>)}>
            {(call) => <InCall info={call().info} token={where!.token} tracks={call().tracks} />}
          </Match>
        </Switch>
      </main>
    </div>
  );
}
