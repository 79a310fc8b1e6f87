// The widget's chat window.
import { onCleanup, onMount } from "solid-js";
import { onHostMessage, postToHost } from "./hostBridge";
import { browserLang, dictionaries } from "./i18n";

export function App() {
  const t = dictionaries[browserLang()];
  onMount(() => {
    const stop = onHostMessage(() => {});
    postToHost({ raibu: 1, type: "ready", launcher: { color: "#2563eb", label: t.title, position: "right" } });
    onCleanup(stop);
  });
  return (
    <section class="chat" aria-label={t.title}>
      <header class="chat-header">
        <h1>{t.title}</h1>
        <button type="button" class="icon" aria-label={t.close} onClick={() => postToHost({ raibu: 1, type: "close" })}>
          ×
        </button>
      </header>
      <ol class="messages" aria-live="polite">
        <li class="message bot">{t.greeting}</li>
      </ol>
    </section>
  );
}
