// « Notes »: quick sticky notes on the visitor, shared with every agent; authors edit and
// delete their own.
import { createSignal, For, Show } from "solid-js";
import { MAX_NOTE_LENGTH } from "@raibu/protocol/limits";
import { useApi, type Note } from "../../lib/api";
import { errorText } from "../../lib/errorText";
import { useI18n } from "../../stores/createI18n";
import { ConfirmDialog } from "../ConfirmDialog";
import { Notice } from "../Notice";
import "./notes.css";

type Props = {
  visitorId: string;
  notes: Note[];
  meId: string;
  onChange: (notes: Note[]) => void;
};

export function NotesSection(props: Props) {
  const { t, dateTime } = useI18n();
  const api = useApi();
  const [draft, setDraft] = createSignal("");
  const [adding, setAdding] = createSignal(false);
  const [error, setError] = createSignal("");
  const [editing, setEditing] = createSignal<string | null>(null);
  const [editText, setEditText] = createSignal("");
  const [saving, setSaving] = createSignal(false);
  const [deleting, setDeleting] = createSignal<Note | null>(null);

  async function add(e: SubmitEvent) {
    e.preventDefault();
    const body = draft().trim();
    if (!body || body.length > MAX_NOTE_LENGTH) return;
    setAdding(true);
    setError("");
    try {
      const note = await api.addNote(props.visitorId, body);
      props.onChange([...props.notes, note]);
      setDraft("");
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setAdding(false);
    }
  }

  async function saveEdit(note: Note) {
    const body = editText().trim();
    if (!body || body.length > MAX_NOTE_LENGTH) return;
    setSaving(true);
    setError("");
    try {
      const updated = await api.editNote(note.id, body);
      props.onChange(props.notes.map((n) => (n.id === updated.id ? updated : n)));
      setEditing(null);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    const note = deleting();
    setDeleting(null);
    if (!note) return;
    setError("");
    try {
      await api.deleteNote(note.id);
      props.onChange(props.notes.filter((n) => n.id !== note.id));
    } catch (err) {
      setError(errorText(err, t));
    }
  }

  return (
    <section class="panel-section notes" data-testid="notes" aria-labelledby="notes-title">
      <h3 id="notes-title">{t("notes.title")}</h3>
      <Show when={props.notes.length > 0} fallback={<p class="muted small-text">{t("notes.empty")}</p>}>
        <ul class="bare-list note-list">
          <For each={props.notes}>
            {(note) => (
              <li class="note" data-testid="note" data-note-id={note.id}>
                <Show
                  when={editing() === note.id}
                  fallback={
                    <>
                      <p class="note-body" data-testid="note-body">
                        {note.body}
                      </p>
                      <div class="note-meta">
                        <span class="small-text muted">
                          <span data-testid="note-author">{note.author.name}</span> ·{" "}
                          <time dateTime={new Date(note.createdAt).toISOString()}>{dateTime(note.createdAt)}</time>
                          <Show when={note.updatedAt > note.createdAt}> · {t("notes.edited")}</Show>
                        </span>
                        <Show when={note.author.id === props.meId}>
                          <span class="note-actions">
                            <button
                              type="button"
                              class="linkish"
                              data-testid="note-edit"
                              onClick={() => {
                                setEditText(note.body);
                                setEditing(note.id);
                              }}
                            >
                              {t("notes.edit")}
                            </button>
                            <button type="button" class="linkish danger-link" data-testid="note-delete" onClick={() => setDeleting(note)}>
                              {t("notes.delete")}
                            </button>
                          </span>
                        </Show>
                      </div>
                    </>
                  }
                >
                  <form
                    class="note-edit"
                    onSubmit={(e) => {
                      e.preventDefault();
                      void saveEdit(note);
                    }}
                  >
                    <label for={`note-edit-${note.id}`} class="sr-only">
                      {t("notes.editLabel")}
                    </label>
                    <textarea
                      id={`note-edit-${note.id}`}
                      class="textarea"
                      data-testid="note-edit-text"
                      rows={3}
                      value={editText()}
                      ref={(el) => queueMicrotask(() => el.focus())}
                      onInput={(e) => setEditText(e.currentTarget.value)}
                      onKeyDown={(e) => e.key === "Escape" && setEditing(null)}
                    />
                    <Show when={editText().length > MAX_NOTE_LENGTH}>
                      <p class="field-error">{t("notes.tooLong", { max: MAX_NOTE_LENGTH })}</p>
                    </Show>
                    <div class="note-actions">
                      <button type="button" class="button ghost small" onClick={() => setEditing(null)}>
                        {t("common.cancel")}
                      </button>
                      <button type="submit" class="button primary small" data-testid="note-save" disabled={saving() || !editText().trim() || editText().length > MAX_NOTE_LENGTH}>
                        {t("notes.save")}
                      </button>
                    </div>
                  </form>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <form class="note-add" onSubmit={add}>
        <label for="new-note" class="small-text">
          {t("notes.new")}
        </label>
        <textarea id="new-note" class="textarea" data-testid="new-note" rows={2} value={draft()} onInput={(e) => setDraft(e.currentTarget.value)} />
        <Show when={draft().length > MAX_NOTE_LENGTH}>
          <p class="field-error" role="alert">
            {t("notes.tooLong", { max: MAX_NOTE_LENGTH })}
          </p>
        </Show>
        <div class="note-actions">
          <button type="submit" class="button small" data-testid="add-note" disabled={adding() || !draft().trim() || draft().length > MAX_NOTE_LENGTH}>
            {adding() ? t("notes.adding") : t("notes.add")}
          </button>
        </div>
      </form>
      <Show when={error()}>
        <Notice tone="error">{error()}</Notice>
      </Show>
      <ConfirmDialog open={deleting() !== null} title={t("notes.deleteTitle")} confirmLabel={t("notes.delete")} danger onConfirm={() => void remove()} onCancel={() => setDeleting(null)}>
        {t("notes.deleteBody")}
      </ConfirmDialog>
    </section>
  );
}
