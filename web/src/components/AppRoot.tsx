// Wraps every route in the console's shared services: language, API client and session.
import { useNavigate, type RouteSectionProps } from "@solidjs/router";
import { createEffect, on } from "solid-js";
import { ApiProvider, createApi } from "../lib/api";
import { loginUrl, toRoute } from "../lib/paths";
import { createI18n, I18nProvider } from "../stores/createI18n";
import { createSession, SessionProvider, type Session } from "../stores/createSession";

export function AppRoot(props: RouteSectionProps) {
  const navigate = useNavigate();
  const i18n = createI18n();
  let session: Session | undefined;

  const api = createApi({
    onUnauthorized() {
      session?.clear();
      if (!window.location.pathname.startsWith("/app/login")) navigate(toRoute(loginUrl()), { replace: true });
    },
  });
  session = createSession(api);

  createEffect(on(session.me, (me) => me && i18n.adoptAccountLang(me.locale)));

  return (
    <I18nProvider value={i18n}>
      <ApiProvider value={api}>
        <SessionProvider value={session}>{props.children}</SessionProvider>
      </ApiProvider>
    </I18nProvider>
  );
}
