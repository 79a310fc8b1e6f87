// "m:ss left" until a request's deadline on the server's clock, ticking each second while shown.
// Once the time is up, and until the server says what came of it (a person, or the offline form),
// it says the answer is coming rather than stand at 0:00.
import { createSignal, onCleanup } from "solid-js";
import { countdownText } from "../i18n";
import { t } from "../language";
import { serverNow, timeLeft } from "../serverClock";

export function Countdown(props: { deadline: number; requestedAt: number | null }) {
  const [now, setNow] = createSignal(serverNow());
  const timer = setInterval(() => setNow(serverNow()), 1000);
  onCleanup(() => clearInterval(timer));
  return <span class="countdown">{countdownText(t, timeLeft(props.deadline, props.requestedAt, now()))}</span>;
}
