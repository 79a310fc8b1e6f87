// Settings → Saved replies: the team's (owners and admins write them) and the agent's own,
// inserted in a reply box by typing `/`. One form creates a reply or edits the one picked.
import { createResource, createSignal, For, Show } from "solid-js";
import { MAX_MESSAGE_LENGTH } from "@raibu/protocol/limits";
import type { SavedReply, SavedReplyScope } from "@raibu/protocol/savedReplies";
import { isShortcut, MAX_SHORTCUT_LENGTH, normalizeShortcut } from "@raibu/protocol/savedReplyRules";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { SelectField } from "../components/form/SelectField";
import { TextAreaField } from "../components/form/TextAreaField";
import { Icon } from "../components/Icon";
import { Notice } from "../components/Notice";
import { TextField } from "../components/TextField";
import { ApiError, useApi } from "../lib/api";
import { errorText } from "../lib/errorText";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useI18n } from "../stores/createI18n";
import { useSession } from "../stores/createSession";
import "./savedReplies.css";

type Form = { id: string | null; scope: SavedReplyScope; shortcut: string; body: string; language: "" | "en" | "fr" };
type Status = { tone: "error" | "success"; text: string } | null;

const PLACEHOLDERS = [
  ["{visitor.name}", "savedReplies.placeholder.visitorName"],
  ["{visitor.email}", "savedReplies.placeholder.visitorEmail"],
  ["{agent.name}", "savedReplies.placeholder.agentName"],
] as const;

export function SavedRepliesPage() {
  const { t } = useI18n();
  const api = useApi();
  const session = useSession();
  useDocumentTitle(() => `${t("savedReplies.title")} · ${t("settings.title")}`);

  const [replies, { mutate }] = createResource(async () => (await api.savedReplies()).replies);
  const blank = (): Form => ({ id: null, scope: session.isAdmin() ? "workspace" : "personal", shortcut: "", body: "", language: "" });
  const [form, setForm] = createSignal<Form>(blank());
  const [errors, setErrors] = createSignal<{ shortcut?: string; body?: string }>({});
  const [status, setStatus] = createSignal<Status>(null);
  const [saving, setSaving] = createSignal(false);
  const [deleting, setDeleting] = createSignal<SavedReply | null>(null);

  const ofScope = (scope: SavedReplyScope) => (replies.latest ?? []).filter((r) => r.scope === scope);
  const mayEdit = (reply: SavedReply) => reply.scope === "personal" || session.isAdmin();
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));

  function edit(reply: SavedReply) {
    setForm({ id: reply.id, scope: reply.scope, shortcut: reply.shortcut, body: reply.body, language: reply.language ?? "" });
    setErrors({});
    setStatus(null);
    document.getElementById("reply-shortcut")?.focus();
  }

  function problemText(err: unknown): string {
    if (err instanceof ApiError && err.code === "limit_reached") return t("savedReplies.limit", { max: Number(err.facts?.max ?? 0) });
    return errorText(err, t, { shortcut_taken: "savedReplies.shortcutTaken", admin_required: "savedReplies.adminOnly" });
  }

  async function save(e: SubmitEvent) {
    e.preventDefault();
    const current = form();
    const found = { shortcut: isShortcut(current.shortcut) ? undefined : t("savedReplies.shortcutInvalid"), body: current.body.trim() ? undefined : t("savedReplies.bodyRequired") };
    setErrors(found);
    if (found.shortcut || found.body) return;
    setSaving(true);
    setStatus(null);
    const fields = { shortcut: normalizeShortcut(current.shortcut), body: current.body, language: current.language || null };
    try {
      const saved = current.id ? await api.updateSavedReply(current.id, fields) : await api.createSavedReply({ ...fields, scope: current.scope });
      mutate((list) => [...(list ?? []).filter((r) => r.id !== saved.id), saved].sort((a, b) => a.shortcut.localeCompare(b.shortcut)));
      setForm(blank());
      setStatus({ tone: "success", text: t("savedReplies.saved", { shortcut: saved.shortcut }) });
    } catch (err) {
      if (err instanceof ApiError && err.code === "shortcut_taken") setErrors({ shortcut: t("savedReplies.shortcutTaken") });
      else setStatus({ tone: "error", text: problemText(err) });
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    const reply = deleting();
    if (!reply) return;
    setDeleting(null);
    setStatus(null);
    try {
      await api.deleteSavedReply(reply.id);
      mutate((list) => (list ?? []).filter((r) => r.id !== reply.id));
      if (form().id === reply.id) setForm(blank());
      setStatus({ tone: "success", text: t("savedReplies.deleted", { shortcut: reply.shortcut }) });
    } catch (err) {
      setStatus({ tone: "error", text: problemText(err) });
    }
  }

  const List = (props: { scope: SavedReplyScope }) => (
    <Show when={ofScope(props.scope).length > 0} fallback={<p class="muted">{t(props.scope === "workspace" ? "savedReplies.emptyTeam" : "savedReplies.emptyPersonal")}</p>}>
      <ul class="saved-replies" data-testid={`saved-replies-${props.scope}`}>
        <For each={ofScope(props.scope)}>
          {(reply) => (
            <li class="saved-reply" data-testid="saved-reply" data-shortcut={reply.shortcut}>
              <div class="saved-reply-head">
                <code class="saved-reply-shortcut">/{reply.shortcut}</code>
                <Show when={reply.language}>{(language) => <span class="badge">{t(`lang.${language()}`)}</span>}</Show>
                <Show when={mayEdit(reply)}>
                  <span class="saved-reply-actions">
                    <button type="button" class="button ghost small" aria-label={t("savedReplies.editLabel", { shortcut: reply.shortcut })} onClick={() => edit(reply)}>
                      {t("savedReplies.edit")}
                    </button>
                    <button type="button" class="button ghost small danger-text" aria-label={t("savedReplies.deleteLabel", { shortcut: reply.shortcut })} onClick={() => setDeleting(reply)}>
                      <Icon name="trash" />
                    </button>
                  </span>
                </Show>
              </div>
              <p class="saved-reply-body">{reply.body}</p>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );

  return (
    <>
      <section class="card" aria-labelledby="saved-replies-title">
        <h2 id="saved-replies-title">{t("savedReplies.title")}</h2>
        <p class="muted">{t("savedReplies.intro")}</p>
        <h3 class="subhead">{t("savedReplies.placeholdersTitle")}</h3>
        <dl class="placeholder-list">
          <For each={PLACEHOLDERS}>
            {([code, key]) => (
              <>
                <dt>
                  <code>{code}</code>
                </dt>
                <dd>{t(key)}</dd>
              </>
            )}
          </For>
          <dt>
            <code>{t("savedReplies.placeholder.fallbackExample")}</code>
          </dt>
          <dd>{t("savedReplies.placeholder.fallback")}</dd>
        </dl>
      </section>

      <section class="card" aria-labelledby="saved-reply-form-title">
        <h2 id="saved-reply-form-title">{form().id ? t("savedReplies.editLabel", { shortcut: form().shortcut }) : t("savedReplies.new")}</h2>
        <form class="saved-reply-form" data-testid="saved-reply-form" noValidate onSubmit={save}>
          <TextField
            id="reply-shortcut"
            label={t("savedReplies.shortcut")}
            hint={t("savedReplies.shortcutHelp")}
            error={errors().shortcut}
            value={form().shortcut}
            maxLength={MAX_SHORTCUT_LENGTH}
            autocomplete="off"
            data-testid="reply-shortcut"
            onInput={(e) => set({ shortcut: e.currentTarget.value })}
          />
          <SelectField id="reply-language" name="language" label={t("savedReplies.language")} value={form().language} onChange={(v) => set({ language: v as Form["language"] })}>
            <option value="">{t("savedReplies.anyLanguage")}</option>
            <option value="en">{t("lang.en")}</option>
            <option value="fr">{t("lang.fr")}</option>
          </SelectField>
          <Show when={session.isAdmin() && !form().id}>
            <SelectField id="reply-scope" name="scope" label={t("savedReplies.scope")} value={form().scope} onChange={(v) => set({ scope: v as SavedReplyScope })}>
              <option value="workspace">{t("savedReplies.scope.workspace")}</option>
              <option value="personal">{t("savedReplies.scope.personal")}</option>
            </SelectField>
          </Show>
          <TextAreaField
            id="reply-body"
            name="body"
            label={t("savedReplies.body")}
            error={errors().body}
            value={form().body}
            maxLength={MAX_MESSAGE_LENGTH}
            rows={4}
            wide
            onInput={(v) => set({ body: v })}
          />
          <div class="saved-reply-buttons">
            <Show when={form().id}>
              <button type="button" class="button ghost" onClick={() => (setForm(blank()), setErrors({}))}>
                {t("common.cancel")}
              </button>
            </Show>
            <button type="submit" class="button primary" data-testid="reply-save" disabled={saving()} aria-busy={saving()}>
              {t("savedReplies.save")}
            </button>
          </div>
        </form>
        <Show when={status()}>{(s) => <Notice tone={s().tone} testId="saved-reply-status">{s().text}</Notice>}</Show>
      </section>

      <section class="card" aria-labelledby="team-replies-title">
        <h2 id="team-replies-title">{t("savedReplies.team")}</h2>
        <Show when={!session.isAdmin()}>
          <p class="muted read-only">{t("savedReplies.teamReadOnly")}</p>
        </Show>
        <Show when={replies.error}>
          <Notice tone="error">{errorText(replies.error, t)}</Notice>
        </Show>
        <Show when={!replies.loading || replies.latest} fallback={<p class="muted">{t("common.loading")}</p>}>
          <List scope="workspace" />
        </Show>
      </section>

      <section class="card" aria-labelledby="my-replies-title">
        <h2 id="my-replies-title">{t("savedReplies.personal")}</h2>
        <Show when={!replies.loading || replies.latest} fallback={<p class="muted">{t("common.loading")}</p>}>
          <List scope="personal" />
        </Show>
      </section>

      <ConfirmDialog
        open={deleting() !== null}
        title={t("savedReplies.deleteTitle", { shortcut: deleting()?.shortcut ?? "" })}
        confirmLabel={t("savedReplies.delete")}
        danger
        onConfirm={() => void remove()}
        onCancel={() => setDeleting(null)}
      >
        <p>{t("savedReplies.deleteBody")}</p>
      </ConfirmDialog>
    </>
  );
}
