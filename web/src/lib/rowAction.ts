// One action at a time on the rows of a list (revoke an invitation, change a role, remove a member):
// which row is busy, and the outcome as a notice the list shows above itself.
import { createSignal } from "solid-js";
import { errorText } from "./errorText";
import type { Translate } from "./i18n";

export type RowStatus = { tone: "error" | "success"; text: string } | null;

export function createRowAction(t: Translate) {
  const [status, setStatus] = createSignal<RowStatus>(null);
  const [busyId, setBusyId] = createSignal<string | null>(null);

  /** Runs `work` for the row `id`; its answer is the success text. `onError` undoes what the row showed. */
  const run = async (id: string, work: () => Promise<string>, onError?: () => void) => {
    setStatus(null);
    setBusyId(id);
    try {
      setStatus({ tone: "success", text: await work() });
    } catch (err) {
      onError?.();
      setStatus({ tone: "error", text: errorText(err, t) });
    } finally {
      setBusyId(null);
    }
  };

  return { status, busyId, run };
}
