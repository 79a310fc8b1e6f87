// « Merge with… »: find the other contact (by name, email, phone or company), confirm, and the page
// then shows this contact as merged, the other folded into it.
import { createEffect, createResource, createSignal, For, onCleanup, Show } from "solid-js";
import type { ContactDetail, ContactRow } from "@raibu/protocol/contacts";
import { useApi } from "../../lib/api";
import { errorText } from "../../lib/errorText";
import { Modal } from "../Modal";
import { Notice } from "../Notice";
import { SEARCH_PAUSE_MS } from "../SearchBox";
import { contactLabel, mergeCandidates } from "./contactActions";
import { useContactText } from "./texts";

type Props = {
  open: boolean;
  contact: { id: string; name: string | null; email: string | null; phone: string | null };
  onMerged: (detail: ContactDetail, other: ContactRow) => void;
  onClose: () => void;
};

export function MergeDialog(props: Props) {
  const t = useContactText();
  const api = useApi();
  const [text, setText] = createSignal("");
  const [q, setQ] = createSignal("");
  const [picked, setPicked] = createSignal<ContactRow | null>(null);
  const [merging, setMerging] = createSignal(false);
  const [error, setError] = createSignal("");
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));

  // Each opening starts afresh.
  createEffect(() => {
    if (!props.open) return;
    setText("");
    setQ("");
    setPicked(null);
    setError("");
  });

  const [found] = createResource(
    () => (props.open && q() ? q() : null),
    async (words) => mergeCandidates((await api.contacts({ q: words, sort: "name", dir: "asc" })).contacts, props.contact.id),
  );

  const onInput = (value: string) => {
    setText(value);
    clearTimeout(timer);
    timer = setTimeout(() => setQ(value.trim()), SEARCH_PAUSE_MS);
  };
  const name = (c: Pick<ContactRow, "name" | "email" | "phone">) => contactLabel(c, t("contacts.noName"));

  const merge = async () => {
    const other = picked();
    if (!other) return;
    setMerging(true);
    setError("");
    try {
      props.onMerged(await api.mergeContact(props.contact.id, other.id), other);
    } catch (err) {
      setError(t("merge.failed", { error: errorText(err, t) }));
    } finally {
      setMerging(false);
    }
  };

  return (
    <Modal open={props.open} title={picked() ? t("merge.confirmTitle") : t("merge.title")} onClose={() => props.onClose()} class="merge-dialog" testId="merge-dialog">
      <Show
        when={picked()}
        fallback={
          <div class="dialog-body merge-search">
            <p class="muted small-text">{t("merge.intro", { keep: name(props.contact) })}</p>
            <label class="field">
              <span>{t("merge.search")}</span>
              <input type="search" data-testid="merge-search" value={text()} maxLength={200} autocomplete="off" onInput={(e) => onInput(e.currentTarget.value)} />
            </label>
            <Show when={q()}>
              <Show when={!found.loading} fallback={<p class="muted small-text">{t("merge.searching")}</p>}>
                <Show when={!found.error} fallback={<Notice tone="error">{errorText(found.error, t)}</Notice>}>
                  <Show when={(found() ?? []).length > 0} fallback={<p class="muted small-text">{t("merge.none")}</p>}>
                    <ul class="bare-list merge-results">
                      <For each={found()}>
                        {(row) => (
                          <li>
                            <button type="button" class="contact-item" data-testid="merge-candidate" data-id={row.id} onClick={() => setPicked(row)}>
                              <strong>{name(row)}</strong>
                              <span class="small-text muted">{[row.email, row.phone, row.company].filter(Boolean).join(" · ")}</span>
                            </button>
                          </li>
                        )}
                      </For>
                    </ul>
                  </Show>
                </Show>
              </Show>
            </Show>
          </div>
        }
      >
        {(other) => (
          <div class="dialog-body">
            <p data-testid="merge-confirm-body">{t("merge.confirmBody", { other: name(other()), keep: name(props.contact) })}</p>
          </div>
        )}
      </Show>
      <Show when={error()}>
        <Notice tone="error" testId="merge-error">
          {error()}
        </Notice>
      </Show>
      <div class="dialog-actions">
        <Show
          when={picked()}
          fallback={
            <button type="button" class="button" onClick={() => props.onClose()}>
              {t("common.cancel")}
            </button>
          }
        >
          <button type="button" class="button" disabled={merging()} onClick={() => setPicked(null)}>
            {t("merge.back")}
          </button>
          <button type="button" class="button primary" data-testid="merge-confirm" disabled={merging()} onClick={() => void merge()}>
            {merging() ? t("merge.merging") : t("merge.confirm")}
          </button>
        </Show>
      </div>
    </Modal>
  );
}
