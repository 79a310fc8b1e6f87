// The keyboard shortcuts' help: every shortcut with its keys, opened with `?` (or from the settings).
import { For } from "solid-js";
import { SHORTCUTS } from "../lib/shortcuts";
import { useI18n } from "../stores/createI18n";
import { Modal } from "./Modal";
import "./shortcuts.css";

export function ShortcutsDialog(props: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal open={props.open} title={t("shortcuts.title")} onClose={() => props.onClose()} class="shortcuts-dialog" testId="shortcuts-dialog">
      <dl class="shortcuts-list">
        <For each={SHORTCUTS}>
          {(shortcut) => (
            <div class="shortcut" data-action={shortcut.action}>
              <dt>
                <For each={shortcut.keys}>
                  {(combo, i) => (
                    <>
                      {i() > 0 ? <span class="muted"> / </span> : null}
                      <For each={combo}>
                        {(key, j) => (
                          <>
                            {j() > 0 ? "+" : null}
                            <kbd>{key}</kbd>
                          </>
                        )}
                      </For>
                    </>
                  )}
                </For>
              </dt>
              <dd>{t(shortcut.label)}</dd>
            </div>
          )}
        </For>
      </dl>
      <p class="muted small-text">{t("shortcuts.leaveField")}</p>
      <div class="dialog-actions">
        <button type="button" class="button primary" onClick={() => props.onClose()}>
          {t("shortcuts.done")}
        </button>
      </div>
    </Modal>
  );
}
