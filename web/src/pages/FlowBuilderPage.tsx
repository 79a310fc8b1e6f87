// The bot flow builder of one chat interface: steps edited as cards, the flow read as an
// outline from its start, its problems live, then Save draft and Publish.
import { A, useParams } from "@solidjs/router";
import { createMemo, createResource, createSignal, createUniqueId, For, Match, Show, Switch } from "solid-js";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { FlowOutline } from "../components/flow/FlowOutline";
import { FlowProblems } from "../components/flow/FlowProblems";
import { StepCard } from "../components/flow/StepCard";
import { CheckField } from "../components/form/CheckField";
import { Icon } from "../components/Icon";
import { Notice } from "../components/Notice";
import { ApiError, useApi } from "../lib/api";
import { errorText } from "../lib/errorText";
import { addStep, incomingLinks, MAX_STEPS, moveStep, removeStep, STEP_KINDS, stepNames, type EditorProblem, type FlowStep, type StepKind } from "../lib/flowEditor";
import { KIND_KEYS, KIND_SHORT_KEYS } from "../lib/flowText";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useLeaveGuard } from "../lib/useLeaveGuard";
import { createFlowEditor } from "../stores/createFlowEditor";
import { useI18n } from "../stores/createI18n";
import { useSession } from "../stores/createSession";
import "../components/flow/flow.css";

type Status = { tone: "error" | "success" | "info"; text: string } | null;

export function FlowBuilderPage() {
  const params = useParams<{ id: string }>();
  const session = useSession();
  const { t } = useI18n();
  return (
    <Show
      when={session.isAdmin()}
      fallback={
        <p class="muted read-only" data-testid="interfaces-read-only">
          {t("interfaces.readOnly")}
        </p>
      }
    >
      <Show when={params.id} keyed>
        {(id) => <FlowBuilder interfaceId={id} />}
      </Show>
    </Show>
  );
}

function FlowBuilder(props: { interfaceId: string }) {
  const { t, dateTime } = useI18n();
  const api = useApi();
  const uid = createUniqueId();
  const editor = createFlowEditor(api, props.interfaceId);
  // The name for the heading; the builder works without it.
  const [chatInterface] = createResource(() => api.chatInterface(props.interfaceId).catch(() => null));
  const [status, setStatus] = createSignal<Status>(null);
  const [deleting, setDeleting] = createSignal<FlowStep | null>(null);
  const [clearLinks, setClearLinks] = createSignal(true);
  let container!: HTMLDivElement;
  let addSelect!: HTMLSelectElement;
  let startSelect!: HTMLSelectElement;

  const names = createMemo(() => stepNames(editor.plain(), (kind) => t(KIND_SHORT_KEYS[kind])));
  const problemsOf = createMemo(() => {
    const byStep = new Map<string, EditorProblem[]>();
    for (const problem of editor.problems()) {
      if (problem.stepId === null) continue;
      byStep.set(problem.stepId, [...(byStep.get(problem.stepId) ?? []), problem]);
    }
    return byStep;
  });
  const doc = () => (editor.document.error ? undefined : editor.document.latest);
  const title = () => chatInterface()?.name ?? t("interfaces.title");

  useDocumentTitle(() => `${t("flow.title")} · ${title()}`);
  useLeaveGuard(editor.dirty, () => t("flow.leaveUnsaved"));

  const cardOf = (stepId: string) => container.querySelector<HTMLElement>(`[data-testid="step-card"][data-step-id="${CSS.escape(stepId)}"]`);

  /** Brings a step into view and puts the keyboard in it (on `selector` when given). */
  function focusStep(stepId: string, selector?: string) {
    const card = cardOf(stepId);
    if (!card) return;
    const target = (selector && card.querySelector<HTMLElement>(selector)) || card;
    target.scrollIntoView({ block: "center", behavior: "smooth" });
    target.focus({ preventScroll: true });
  }

  function pickProblem(problem: EditorProblem) {
    if (problem.code === "no_start") return startSelect.focus();
    if (problem.code === "live_chat_missing") return addSelect.focus();
    if (!problem.stepId) return;
    if (problem.code === "dangling_link") {
      const card = cardOf(problem.stepId);
      const select = [...(card?.querySelectorAll<HTMLSelectElement>('select[data-field="next"]') ?? [])].find((s) => s.value === problem.target);
      if (select) return focusStep(problem.stepId, `#${CSS.escape(select.id)}`);
    }
    const inChoice = problem.choiceId ? `[data-choice-id="${CSS.escape(problem.choiceId)}"] ` : "";
    focusStep(problem.stepId, problem.field ? `${inChoice}[data-field="${CSS.escape(problem.field)}"]` : undefined);
  }

  function add(kind: StepKind) {
    let id = "";
    editor.apply((flow) => {
      const result = addStep(flow, kind);
      id = result.id;
      return result.flow;
    });
    setStatus(null);
    queueMicrotask(() => focusStep(id, "textarea, input, select"));
  }

  function move(step: FlowStep, delta: -1 | 1) {
    editor.apply((flow) => moveStep(flow, step.id, delta));
    // The card moved in the page: keep the keyboard on its button (or its other one at an end).
    queueMicrotask(() => {
      const card = cardOf(step.id);
      const same = card?.querySelector<HTMLButtonElement>(`[data-move="${delta < 0 ? "up" : "down"}"]`);
      const other = card?.querySelector<HTMLButtonElement>(`[data-move="${delta < 0 ? "down" : "up"}"]`);
      (same && !same.disabled ? same : other)?.focus();
    });
  }

  function confirmDelete() {
    const step = deleting();
    if (!step) return;
    setDeleting(null);
    const index = editor.draft.steps.findIndex((s) => s.id === step.id);
    editor.apply((flow) => removeStep(flow, step.id, clearLinks()));
    queueMicrotask(() => {
      const next = editor.draft.steps[Math.min(index, editor.draft.steps.length - 1)];
      if (next) focusStep(next.id);
      else addSelect.focus();
    });
  }

  const linksToDeleted = () => {
    const step = deleting();
    return step ? incomingLinks(editor.plain(), step.id).length : 0;
  };

  async function save() {
    setStatus(null);
    if (!editor.savable()) {
      setStatus({ tone: "error", text: t("flow.cannotSave") });
      const first = editor.problems()[0];
      if (first) pickProblem(first);
      return;
    }
    try {
      await editor.save();
      setStatus({ tone: "success", text: t("flow.saved") });
    } catch (err) {
      setStatus({ tone: "error", text: failureText(err) });
    }
  }

  async function publish() {
    setStatus(null);
    try {
      const published = await editor.publish();
      setStatus({ tone: "success", text: t("flow.published", { version: published.published?.version ?? "" }) });
    } catch (err) {
      setStatus({ tone: "error", text: failureText(err) });
    }
  }

  function failureText(err: unknown): string {
    if (err instanceof ApiError && err.code === "flow_invalid") return t("flow.invalidOnServer");
    if (err instanceof ApiError && err.code === "validation_failed") return t("flow.rejected", { message: err.message });
    return errorText(err, t);
  }

  const publishBlocked = () => {
    const d = doc();
    if (!d || editor.busy() || editor.problems().length > 0) return true;
    // Nothing new: the draft is saved and is what runs.
    return !editor.dirty() && !d.unpublishedChanges && d.published !== null;
  };

  return (
    <div class="subpage">
      <header class="subpage-head">
        <A href={`/settings/interfaces/${encodeURIComponent(props.interfaceId)}`} class="button ghost small back-link">
          <Icon name="back" />
          <span>{title()}</span>
        </A>
        <div class="subpage-title">
          <h2>{t("flow.title")}</h2>
        </div>
        <p class="muted small-text">{t("flow.intro")}</p>
      </header>

      <Switch>
        <Match when={editor.document.error}>
          <Notice tone="error">{errorText(editor.document.error, t)}</Notice>
        </Match>
        <Match when={!doc()}>
          <p class="muted" role="status">
            {t("common.loading")}
          </p>
        </Match>
        <Match when={doc()}>
          {(d) => (
            <div class="side-layout" data-testid="flow-editor" ref={container}>
              <div class="flow-main">
                <section class="card flow-settings" aria-label={t("flow.settings")}>
                  <div class="form-grid">
                    <div class="field">
                      <label for={`${uid}-start`}>{t("flow.start")}</label>
                      <select
                        id={`${uid}-start`}
                        ref={startSelect}
                        class="select"
                        data-testid="start-step"
                        value={editor.draft.start ?? ""}
                        aria-invalid={editor.problems().some((p) => p.code === "no_start") ? true : undefined}
                        onChange={(e) => {
                          const start = e.currentTarget.value || null;
                          editor.apply((flow) => ({ ...flow, start }));
                        }}
                      >
                        <Show when={!editor.draft.start || !names().has(editor.draft.start)}>
                          <option value={editor.draft.start ?? ""}>{t("flow.startNone")}</option>
                        </Show>
                        <For each={[...names().keys()]}>{(id) => <option value={id}>{names().get(id)}</option>}</For>
                      </select>
                    </div>
                    <div class="field">
                      <label for={`${uid}-add`}>{t("flow.addStep")}</label>
                      <select
                        id={`${uid}-add`}
                        ref={addSelect}
                        class="select"
                        data-testid="add-step"
                        value=""
                        disabled={editor.draft.steps.length >= MAX_STEPS}
                        onChange={(e) => {
                          const picked = e.currentTarget.value;
                          e.currentTarget.value = "";
                          const kind = STEP_KINDS.find((k) => k === picked);
                          if (kind) add(kind);
                        }}
                      >
                        <option value="">{t("flow.addStepChoose")}</option>
                        <For each={STEP_KINDS}>{(kind) => <option value={kind}>{t(KIND_KEYS[kind])}</option>}</For>
                      </select>
                    </div>
                  </div>
                  <CheckField
                    testId="offer-anytime"
                    label={t("flow.offerAnytime")}
                    hint={t("flow.offerAnytimeHint")}
                    checked={editor.draft.offerRequestsAnytime}
                    onChange={(offerRequestsAnytime) => editor.apply((flow) => ({ ...flow, offerRequestsAnytime }))}
                  />
                </section>

                <Show when={editor.draft.steps.length > 0} fallback={<p class="empty-state">{t("flow.empty")}</p>}>
                  <ol class="bare-list step-list" aria-label={t("flow.steps")}>
                    <For each={editor.draft.steps}>
                      {(step, index) => (
                        <StepCard
                          editor={editor}
                          step={step}
                          index={index()}
                          count={editor.draft.steps.length}
                          isStart={editor.draft.start === step.id}
                          names={names()}
                          problems={problemsOf().get(step.id) ?? []}
                          onMove={(delta) => move(step, delta)}
                          onDelete={() => {
                            setClearLinks(true);
                            setDeleting(step);
                          }}
                        />
                      )}
                    </For>
                  </ol>
                </Show>
              </div>

              <aside class="side-column flow-side">
                <section class="card flow-actions" aria-labelledby={`${uid}-status`}>
                  <h3 id={`${uid}-status`} class="sr-only">
                    {t("flow.statusTitle")}
                  </h3>
                  <p class="flow-status" data-testid="flow-status">
                    <Show when={d().published} fallback={<span>{t("flow.notPublished")}</span>}>
                      {(p) => <span>{t("flow.publishedVersion", { version: p().version })}</span>}
                    </Show>
                    <Show when={d().published && (d().unpublishedChanges || editor.dirty())}>
                      <span class="unpublished"> · {t("flow.unpublishedChanges")}</span>
                    </Show>
                  </p>
                  <p class="muted small-text" data-testid="draft-status">
                    <Show when={!editor.dirty()} fallback={<span class="unsaved">{t("flow.unsaved")}</span>}>
                      <Show when={d().draftUpdatedAt} fallback={t("flow.draftNeverSaved")}>
                        {(at) => t("flow.draftSavedAt", { time: dateTime(at()) })}
                      </Show>
                    </Show>
                  </p>
                  <div class="flow-buttons">
                    <button type="button" class="button" data-testid="save-draft" disabled={!editor.dirty() || editor.busy() !== null} onClick={() => void save()}>
                      {editor.busy() === "save" ? t("flow.saving") : t("flow.saveDraft")}
                    </button>
                    <button type="button" class="button primary" data-testid="publish-flow" disabled={publishBlocked()} onClick={() => void publish()}>
                      {editor.busy() === "publish" ? t("flow.publishing") : t("flow.publish")}
                    </button>
                  </div>
                  <Show when={editor.problems().length > 0}>
                    <p class="small-text muted">{t("flow.publishBlocked")}</p>
                  </Show>
                  <Show when={status()}>
                    {(s) => (
                      <Notice tone={s().tone} testId="flow-notice">
                        {s().text}
                      </Notice>
                    )}
                  </Show>
                </section>

                <section class="card" aria-labelledby={`${uid}-problems`}>
                  <h3 id={`${uid}-problems`}>{t("flow.problems")}</h3>
                  <FlowProblems problems={editor.problems()} names={names()} onPick={pickProblem} />
                </section>

                <section class="card" aria-labelledby={`${uid}-outline`}>
                  <h3 id={`${uid}-outline`}>{t("flow.outline")}</h3>
                  <FlowOutline lines={editor.outline().lines} unreachable={editor.outline().unreachable} names={names()} onFocusStep={(id) => focusStep(id)} />
                </section>
              </aside>

              <ConfirmDialog
                open={deleting() !== null}
                title={t("flow.deleteTitle")}
                confirmLabel={t("flow.deleteConfirm")}
                danger
                onConfirm={confirmDelete}
                onCancel={() => setDeleting(null)}
              >
                <p>{t("flow.deleteBody", { step: deleting() ? (names().get(deleting()!.id) ?? deleting()!.id) : "" })}</p>
                <Show when={linksToDeleted() > 0}>
                  <CheckField
                    class="dialog-check"
                    testId="clear-links"
                    label={t("flow.deleteClearLinks", { count: linksToDeleted() })}
                    checked={clearLinks()}
                    onChange={setClearLinks}
                  />
                </Show>
              </ConfirmDialog>
            </div>
          )}
        </Match>
      </Switch>
    </div>
  );
}
