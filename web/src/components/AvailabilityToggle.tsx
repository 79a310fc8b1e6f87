// Online/away switch in the header: a coloured dot and the current state, one click to flip.
import { createSignal, Show } from "solid-js";
import { errorText } from "../lib/errorText";
import { useI18n } from "../stores/createI18n";
import { useSession } from "../stores/createSession";

export function AvailabilityToggle() {
  const { t } = useI18n();
  const session = useSession();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");

  const current = () => session.me()?.availability ?? "away";
  const other = () => (current() === "online" ? "away" : "online");

  const toggle = async () => {
    setBusy(true);
    setError("");
    try {
      await session.update({ availability: other() });
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="availability">
      <button
        type="button"
        class="pill-button availability-button"
        classList={{ online: current() === "online" }}
        data-testid="availability"
        data-state={current()}
        aria-busy={busy()}
        disabled={busy()}
        title={t("availability.label")}
        onClick={toggle}
      >
        <span class="dot" aria-hidden="true" />
        {t(`availability.${current()}`)}
        <span class="sr-only"> — {t("availability.switchTo", { status: t(`availability.${other()}`) })}</span>
      </button>
      <Show when={error()}>
        <span class="availability-error" role="alert">
          {error()}
        </span>
      </Show>
    </div>
  );
}
