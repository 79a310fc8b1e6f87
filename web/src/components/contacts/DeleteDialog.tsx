// « Delete » (admins): says what erasing the contact takes with it, asks for their email (or name)
// typed to confirm, erases, then shows the server's report, counted per place, before going back
// to the list.
import { createEffect, createSignal, For, Show } from "solid-js";
import type { ErasureReport } from "@raibu/protocol/contacts";
import { ApiError, useApi } from "../../lib/api";
import { errorText } from "../../lib/errorText";
import { Modal } from "../Modal";
import { Notice } from "../Notice";
import { deleteConfirmed, deleteConfirmWord, erasureRows, type erasureConsequences } from "./contactActions";
import { knownKey, useContactText } from "./texts";

type Props = {
  open: boolean;
  contact: { id: string; name: string | null; email: string | null };
  /** The contact's label for sentences. */
  label: string;
  consequences: ReturnType<typeof erasureConsequences>;
  onClose: () => void;
  /** After the report was read: back to the list. */
  onDone: () => void;
};

export function DeleteDialog(props: Props) {
  const t = useContactText();
  const api = useApi();
  const [typed, setTyped] = createSignal("");
  const [erasing, setErasing] = createSignal(false);
  const [error, setError] = createSignal("");
  const [report, setReport] = createSignal<ErasureReport | null>(null);
  const word = () => deleteConfirmWord(props.contact, t("delete.word"));

  createEffect(() => {
    if (!props.open) return;
    setTyped("");
    setError("");
    setReport(null);
  });

  const erase = async () => {
    if (!deleteConfirmed(typed(), word())) return;
    setErasing(true);
    setError("");
    try {
      setReport(await api.deleteContact(props.contact.id));
    } catch (err) {
      setError(err instanceof ApiError && err.code === "erasure_incomplete" ? t("delete.incomplete") : t("delete.failed", { error: errorText(err, t) }));
    } finally {
      setErasing(false);
    }
  };
  const place = (name: string) => {
    const key = knownKey(`erased.${name}`);
    return key ? t(key) : name;
  };
  const c = () => props.consequences;

  return (
    <Modal open={props.open} title={report() ? t("delete.doneTitle") : t("delete.title")} onClose={() => (report() ? props.onDone() : props.onClose())} class="delete-dialog" testId="delete-dialog">
      <Show
        when={report()}
        fallback={
          <form
            class="dialog-body delete-body"
            onSubmit={(e) => {
              e.preventDefault();
              void erase();
            }}
          >
            <p>{t("delete.body", { name: props.label })}</p>
            <ul class="delete-consequences" data-testid="delete-consequences">
              <li>{t("delete.visitors", { count: c().visitors })}</li>
              <li>{t("delete.conversations", { count: c().conversations })}</li>
              <li>{t("delete.offlineThreads", { count: c().offlineThreads })}</li>
              <li>{t("delete.appointments", { count: c().appointments })}</li>
              <li>{t("delete.notes", { count: c().notes })}</li>
            </ul>
            <p class="small-text muted">{t("delete.crm")}</p>
            <p class="small-text">
              <strong>{t("delete.final")}</strong>
            </p>
            <label class="field">
              <span>{t("delete.typeToConfirm", { word: word() })}</span>
              <input type="text" data-testid="delete-type" autocomplete="off" value={typed()} onInput={(e) => setTyped(e.currentTarget.value)} />
            </label>
            <Show when={error()}>
              <Notice tone="error" testId="delete-error">
                {error()}
              </Notice>
            </Show>
            <div class="dialog-actions">
              <button type="button" class="button" disabled={erasing()} onClick={() => props.onClose()}>
                {t("common.cancel")}
              </button>
              <button type="submit" class="button danger" data-testid="delete-confirm" disabled={erasing() || !deleteConfirmed(typed(), word())}>
                {erasing() ? t("delete.erasing") : t("delete.confirm")}
              </button>
            </div>
          </form>
        }
      >
        {(done) => (
          <div class="dialog-body" data-testid="erasure-report">
            <p>{t("delete.report")}</p>
            <table class="table erasure-table">
              <tbody>
                <For each={erasureRows(done()).rows}>
                  {(row) => (
                    <tr data-testid="erasure-row" data-place={row.place}>
                      <td>{place(row.place)}</td>
                      <td class="actions">{row.count.toLocaleString()}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
            <p class="small-text muted">{t("delete.total", { count: erasureRows(done()).total })}</p>
            <div class="dialog-actions">
              <button type="button" class="button primary" data-testid="delete-back" onClick={() => props.onDone()}>
                {t("delete.back")}
              </button>
            </div>
          </div>
        )}
      </Show>
    </Modal>
  );
}
