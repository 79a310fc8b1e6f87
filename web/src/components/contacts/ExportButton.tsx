// « Export CSV »: the contacts of the current filter, every page, read as the server streams them with
// the rows counted against X-Total-Count (a bar, and Cancel), then saved under the server's file name.
import { createSignal, onCleanup, Show } from "solid-js";
import { useApi, type ContactListParams } from "../../lib/api";
import { errorText } from "../../lib/errorText";
import { useI18n } from "../../stores/createI18n";
import { Icon } from "../Icon";
import { Notice } from "../Notice";
import { progressFraction, readCsv, saveFile, type CsvProgress } from "./csvDownload";
import { useContactText } from "./texts";

type Outcome = { tone: "success" | "info" | "error"; text: string } | null;

export function ExportButton(props: { query: () => ContactListParams }) {
  const t = useContactText();
  const { lang } = useI18n();
  const api = useApi();
  const [progress, setProgress] = createSignal<CsvProgress | null>(null);
  const [outcome, setOutcome] = createSignal<Outcome>(null);
  let controller: AbortController | null = null;
  onCleanup(() => controller?.abort());

  const start = async () => {
    const { cursor: _cursor, ...query } = props.query();
    controller = new AbortController();
    const signal = controller.signal;
    setOutcome(null);
    setProgress({ rows: 0, total: null });
    try {
      const res = await api.exportContacts(query, signal);
      const file = await readCsv(res, setProgress, signal);
      saveFile(file);
      setOutcome({ tone: "success", text: t("contacts.exportDone", { count: file.rows, file: file.filename }) });
    } catch (err) {
      if (signal.aborted) setOutcome({ tone: "info", text: t("contacts.exportCancelled") });
      else setOutcome({ tone: "error", text: t("contacts.exportFailed", { error: errorText(err, t) }) });
    } finally {
      controller = null;
      setProgress(null);
    }
  };

  const fraction = () => {
    const p = progress();
    return p ? progressFraction(p) : null;
  };

  return (
    <div class="contacts-export" data-testid="contacts-export">
      <Show
        when={progress()}
        fallback={
          <button type="button" class="button" data-testid="contacts-export-start" title={t("contacts.exportTitle")} onClick={() => void start()}>
            <Icon name="down" />
            <span>{t("contacts.export")}</span>
          </button>
        }
      >
        {(p) => (
          <div class="contacts-export-progress" role="status">
            <span class="small-text" data-testid="contacts-export-rows">
              {p().total === null ? t("contacts.exportingUnknown", { rows: p().rows.toLocaleString(lang()) }) : t("contacts.exporting", { rows: p().rows.toLocaleString(lang()), total: p().total!.toLocaleString(lang()) })}
            </span>
            {/* Without a total yet the bar has no value at all (indeterminate): the property refuses "no number". */}
            <Show when={fraction() !== null} fallback={<progress max={1} data-testid="contacts-export-bar" />}>
              <progress max={1} value={fraction() ?? 0} data-testid="contacts-export-bar" />
            </Show>
            <button type="button" class="button ghost small" data-testid="contacts-export-cancel" onClick={() => controller?.abort()}>
              {t("contacts.exportCancel")}
            </button>
          </div>
        )}
      </Show>
      <Show when={outcome()}>
        {(o) => (
          <Notice tone={o().tone} testId="contacts-export-outcome">
            {o().text}
          </Notice>
        )}
      </Show>
    </div>
  );
}
