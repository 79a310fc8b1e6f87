// "m:ss left" until a deadline, ticking each second while shown.
import { createSignal, onCleanup } from "solid-js";
import { formatCountdown } from "../i18n";
import { t } from "../language";

/** The protocol's timestamps are epoch milliseconds; a value in seconds is tolerated. */
export const toMs = (time: number) => (time < 1e12 ? time * 1000 : time);

export function Countdown(props: { deadline: number }) {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(timer));
  return <span class="countdown">{t("timeLeft", { time: formatCountdown(toMs(props.deadline) - now()) })}</span>;
}
