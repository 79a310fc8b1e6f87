// EN/FR switch; when an agent is signed in the choice is also saved on their account.
import { For } from "solid-js";
import { LANGS, type Lang } from "../lib/i18n";
import { useI18n } from "../stores/createI18n";
import { useSession } from "../stores/createSession";

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  const session = useSession();

  const choose = (next: Lang) => {
    if (next === lang()) return;
    setLang(next);
    // The account's language picks the language of the emails Raibu sends the agent.
    if (session.me()) session.update({ locale: next }).catch(() => undefined);
  };

  return (
    <div class="lang-switch" role="group" aria-label={t("lang.label")} data-testid="lang-switch">
      <For each={LANGS}>
        {(code) => (
          <button
            type="button"
            lang={code}
            title={t(`lang.${code}`)}
            aria-pressed={lang() === code}
            data-testid={`lang-${code}`}
            onClick={() => choose(code)}
          >
            {code.toUpperCase()}
          </button>
        )}
      </For>
    </div>
  );
}
