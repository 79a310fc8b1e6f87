// One chat interface: its name, language, look and allowed websites beside a live preview of
// the widget, then what the website needs (the snippet, identity verification). Also creates one.
import { A, useLocation, useNavigate, useParams } from "@solidjs/router";
import { createEffect, createMemo, createSignal, createUniqueId, Match, on, Show, Switch } from "solid-js";
import { createStore, reconcile, unwrap } from "solid-js/store";
import { CopyButton } from "../components/CopyButton";
import { Icon } from "../components/Icon";
import { BusinessHours } from "../components/interfaces/BusinessHours";
import { IdentitySecret } from "../components/interfaces/IdentitySecret";
import { OriginsEditor } from "../components/interfaces/OriginsEditor";
import { WidgetPreview } from "../components/interfaces/WidgetPreview";
import { FormFooter } from "../components/form/FormFooter";
import { Notice } from "../components/Notice";
import { TextField } from "../components/TextField";
import type { BusinessHours as Hours } from "@raibu/protocol/businessHours";
import { ApiError, useApi } from "../lib/api";
import { errorText } from "../lib/errorText";
import { parseFieldErrors } from "../lib/fieldErrors";
import { LANGS, type Lang } from "../lib/i18n";
import { checkOrigins, embedSnippet, interfaceFormFrom, isHexColor, type InterfaceFormData, type OriginProblem } from "../lib/interfaceForm";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useLeaveGuard } from "../lib/useLeaveGuard";
import { createChatInterface, createInterface } from "../stores/createChatInterface";
import { useI18n } from "../stores/createI18n";
import { useSession } from "../stores/createSession";
import "../components/interfaces/interfaces.css";

type Status = { tone: "error" | "success" | "info"; text: string } | null;
/** Said by the creation form to the page of the interface it created. */
type CreatedState = { created?: boolean; appearanceSaved?: boolean };

export function InterfacePage() {
  const { t } = useI18n();
  const api = useApi();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation<CreatedState>();
  const params = useParams<{ id?: string }>();
  const uid = createUniqueId();

  const isNew = () => !params.id;
  const store = createChatInterface(api, () => (session.isAdmin() && params.id) || undefined);
  const detail = () => (store.detail.error ? undefined : store.detail.latest);

  const [form, setForm] = createStore<InterfaceFormData>(interfaceFormFrom(null));
  const [savedJson, setSavedJson] = createSignal(JSON.stringify(interfaceFormFrom(null)));
  // The hex field may hold a half-typed colour; the form keeps the last valid one.
  const [colorText, setColorText] = createSignal(form.appearance.color);
  const [nameError, setNameError] = createSignal("");
  const [colorError, setColorError] = createSignal("");
  const [originProblems, setOriginProblems] = createSignal<Record<number, OriginProblem>>({});
  const [status, setStatus] = createSignal<Status>(null);
  const [saving, setSaving] = createSignal(false);

  const fill = (data: InterfaceFormData) => {
    setForm(reconcile(data));
    setColorText(data.appearance.color);
    setSavedJson(JSON.stringify(data));
    setNameError("");
    setColorError("");
    setOriginProblems({});
  };

  // A freshly loaded interface fills the form; later refreshes of the same one (a rotated secret) do not.
  createEffect(on(() => detail()?.id, (id) => id && fill(interfaceFormFrom(detail()!))));

  createEffect(
    on(
      () => location.state,
      (state) => {
        if (!state?.created) return;
        setStatus(
          state.appearanceSaved === false
            ? { tone: "error", text: t("interface.createdAppearanceFailed") }
            : { tone: "success", text: t("interface.created") },
        );
      },
    ),
  );

  const dirty = createMemo(() => !isNew() && JSON.stringify(form) !== savedJson());
  useLeaveGuard(dirty, () => t("interface.leaveUnsaved"));
  useDocumentTitle(() => (isNew() ? t("interfaces.new") : detail()?.name || t("interfaces.title")));

  const checkOriginRows = () => setOriginProblems(checkOrigins(form.origins).problems);

  const validate = (): boolean => {
    setNameError(form.name.trim() ? "" : t("interface.nameMissing"));
    setColorError(isHexColor(colorText()) ? "" : t("interface.colorInvalid"));
    const { problems } = checkOrigins(form.origins);
    setOriginProblems(problems);
    return !nameError() && !colorError() && Object.keys(problems).length === 0;
  };

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    setStatus(null);
    if (!validate()) return setStatus({ tone: "error", text: t("interface.fixErrors") });
    const data: InterfaceFormData = {
      ...structuredClone(unwrap(form)),
      name: form.name.trim(),
      origins: checkOrigins(form.origins).origins,
      appearance: { ...unwrap(form.appearance), color: colorText().trim() },
    };
    setSaving(true);
    try {
      if (isNew()) {
        const { created, appearanceSaved } = await createInterface(api, data);
        navigate(`/settings/interfaces/${encodeURIComponent(created.id)}`, { replace: true, state: { created: true, appearanceSaved } });
        return;
      }
      const updated = await store.save(data);
      fill(interfaceFormFrom(updated));
      setStatus({ tone: "success", text: t("interface.saved") });
    } catch (err) {
      // The API also refuses wildcards over a public suffix (https://*.co.uk): shown on that row.
      const tooBroad = err instanceof ApiError && err.code === "origin_too_broad" ? form.origins.findIndex((row) => row.trim() === err.facts.origin) : -1;
      if (tooBroad >= 0) {
        setOriginProblems({ [tooBroad]: "too_broad" });
        setStatus({ tone: "error", text: t("interface.fixErrors") });
      } else if (err instanceof ApiError && err.status === 400) {
        const parsed = parseFieldErrors(err.message, ["name", "language", "allowedOrigins", "appearance"]);
        if (parsed.fields.name) setNameError(parsed.fields.name);
        const texts = [...Object.values(parsed.fields).filter((text) => text !== parsed.fields.name), ...parsed.other];
        setStatus({ tone: "error", text: texts.length ? texts.join(" ") : t("interface.fixErrors") });
      } else {
        setStatus({ tone: "error", text: errorText(err, t) });
      }
    } finally {
      setSaving(false);
    }
  };

  /** The time zone is the workspace's: saved there first (it is checked there), then the interface's hours. */
  const saveHours = async (hours: Hours, timeZone: string) => {
    const me = session.me();
    let zone = me?.workspace.timeZone ?? "UTC";
    if (me && timeZone !== zone) {
      const workspace = await api.updateWorkspace({ timeZone });
      session.setMe({ ...me, workspace });
      zone = workspace.timeZone;
    }
    const updated = await api.updateInterface(params.id!, { businessHours: hours });
    return { hours: updated.settings.businessHours, timeZone: zone };
  };

  const setColor = (value: string) => {
    setColorText(value);
    if (isHexColor(value)) {
      setForm("appearance", "color", value.trim().toLowerCase());
      setColorError("");
    }
  };

  return (
    <div class="subpage">
      <header class="subpage-head">
        <A href="/settings/interfaces" class="button ghost small back-link">
          <Icon name="back" />
          <span>{t("interfaces.title")}</span>
        </A>
        <div class="subpage-title">
          <h2>{isNew() ? t("interfaces.new") : detail()?.name || t("interfaces.title")}</h2>
          <Show when={detail()}>
            {(d) => (
              <A href={`/settings/interfaces/${encodeURIComponent(d().id)}/flow`} class="button" data-testid="edit-flow">
                <Icon name="flow" />
                <span>{t("interface.editFlow")}</span>
              </A>
            )}
          </Show>
        </div>
      </header>

      <Switch>
        <Match when={!session.isAdmin()}>
          <p class="muted read-only" data-testid="interfaces-read-only">
            {t("interfaces.readOnly")}
          </p>
        </Match>
        <Match when={!isNew() && store.detail.error}>
          <Notice tone="error">{errorText(store.detail.error, t)}</Notice>
        </Match>
        <Match when={!isNew() && !detail()}>
          <p class="muted" role="status">
            {t("common.loading")}
          </p>
        </Match>
        <Match when={true}>
          <div class="side-layout interface-layout">
            <form class="card form interface-form" noValidate onSubmit={save} data-testid="interface-form" aria-labelledby={`${uid}-general`}>
              <h3 id={`${uid}-general`}>{t("interface.general")}</h3>
              <div class="form-grid">
                <TextField
                  label={t("interface.name")}
                  name="interface-name"
                  autocomplete="off"
                  required
                  maxLength={80}
                  value={form.name}
                  error={nameError()}
                  data-testid="interface-name"
                  onInput={(e) => setForm("name", e.currentTarget.value)}
                />
                <div class="field">
                  <label for={`${uid}-lang`}>{t("interface.language")}</label>
                  <select id={`${uid}-lang`} class="select" value={form.language} data-testid="interface-language" onChange={(e) => setForm("language", e.currentTarget.value as Lang)}>
                    {LANGS.map((code) => (
                      <option value={code}>{t(`lang.${code}`)}</option>
                    ))}
                  </select>
                  <p class="field-hint">{t("interface.languageHint")}</p>
                </div>
              </div>

              <fieldset class="form-section">
                <legend>{t("interface.appearance")}</legend>
                <div class="form-grid">
                  <div class="field" classList={{ invalid: !!colorError() }}>
                    <label for={`${uid}-color`}>{t("interface.color")}</label>
                    <div class="color-row">
                      <input
                        type="color"
                        class="color-swatch"
                        value={form.appearance.color}
                        aria-label={t("interface.colorPicker")}
                        onInput={(e) => setColor(e.currentTarget.value)}
                      />
                      <input
                        id={`${uid}-color`}
                        type="text"
                        class="mono"
                        maxLength={7}
                        spellcheck={false}
                        autocomplete="off"
                        value={colorText()}
                        aria-invalid={colorError() ? true : undefined}
                        aria-describedby={colorError() ? `${uid}-color-error` : undefined}
                        data-testid="interface-color"
                        onInput={(e) => setColor(e.currentTarget.value)}
                      />
                    </div>
                    <Show when={colorError()}>
                      <p class="field-error" id={`${uid}-color-error`}>
                        {colorError()}
                      </p>
                    </Show>
                  </div>
                  <TextField
                    label={t("interface.title")}
                    hint={t("interface.titleHint")}
                    maxLength={60}
                    value={form.appearance.title}
                    data-testid="interface-title"
                    onInput={(e) => setForm("appearance", "title", e.currentTarget.value)}
                  />
                  <div class="field span-2">
                    <label for={`${uid}-welcome`}>{t("interface.welcome")}</label>
                    <textarea
                      id={`${uid}-welcome`}
                      class="textarea"
                      rows={2}
                      maxLength={500}
                      value={form.appearance.welcome}
                      aria-describedby={`${uid}-welcome-hint`}
                      data-testid="interface-welcome"
                      onInput={(e) => setForm("appearance", "welcome", e.currentTarget.value)}
                    />
                    <p class="field-hint" id={`${uid}-welcome-hint`}>
                      {t("interface.welcomeHint")}
                    </p>
                  </div>
                  <TextField
                    label={t("interface.launcherLabel")}
                    hint={t("interface.launcherLabelHint")}
                    maxLength={40}
                    value={form.appearance.launcherLabel}
                    data-testid="interface-launcher-label"
                    onInput={(e) => setForm("appearance", "launcherLabel", e.currentTarget.value)}
                  />
                  <div class="field">
                    <label for={`${uid}-position`}>{t("interface.position")}</label>
                    <select
                      id={`${uid}-position`}
                      class="select"
                      value={form.appearance.position}
                      data-testid="interface-position"
                      onChange={(e) => setForm("appearance", "position", e.currentTarget.value as "left" | "right")}
                    >
                      <option value="right">{t("interface.positionRight")}</option>
                      <option value="left">{t("interface.positionLeft")}</option>
                    </select>
                  </div>
                  <label class="check span-2">
                    <input
                      type="checkbox"
                      checked={form.appearance.showAgentAvatar}
                      data-testid="interface-avatar"
                      onChange={(e) => setForm("appearance", "showAgentAvatar", e.currentTarget.checked)}
                    />
                    <span>{t("interface.showAvatar")}</span>
                  </label>
                </div>
              </fieldset>

              <OriginsEditor rows={form.origins} problems={originProblems()} onChange={(rows) => setForm("origins", rows)} onCheck={checkOriginRows} />

              <FormFooter
                status={status()}
                statusTestId="interface-status"
                dirty={dirty()}
                saving={saving()}
                label={isNew() ? t("interface.create") : t("interface.save")}
                submitTestId="interface-save"
              />
            </form>

            <aside class="side-column preview-column" aria-label={t("interface.preview")}>
              <h3 class="preview-title">{t("interface.preview")}</h3>
              <Show when={detail()} fallback={<p class="muted small-text preview-empty">{t("interface.previewAfterCreate")}</p>}>
                {(d) => <WidgetPreview interfaceId={d().id} appearance={form.appearance} language={form.language} />}
              </Show>
              <p class="muted small-text">{t("interface.previewHint")}</p>
            </aside>
          </div>

          <Show when={detail()}>
            {(d) => (
              <>
                <BusinessHours hours={d().settings.businessHours} timeZone={session.me()?.workspace.timeZone ?? "UTC"} onSave={saveHours} />
                <section class="card" aria-labelledby={`${uid}-install`}>
                  <div>
                    <h3 id={`${uid}-install`}>{t("interface.installTitle")}</h3>
                    <p class="muted small-text">{t("interface.installIntro")}</p>
                  </div>
                  <div class="code-block">
                    <div class="code-head">
                      <span class="small-text">{t("interface.snippet")}</span>
                      <CopyButton text={embedSnippet(window.location.origin, d().id)} label={t("interface.snippetCopy")} testId="copy-snippet" />
                    </div>
                    <pre data-testid="embed-snippet">
                      <code>{embedSnippet(window.location.origin, d().id)}</code>
                    </pre>
                  </div>
                </section>
                <IdentitySecret secret={d().identitySecret} onRotate={() => store.rotateSecret()} />
              </>
            )}
          </Show>
        </Match>
      </Switch>
    </div>
  );
}
