// Settings → Integrations' texts, loaded with the page: the console's first load carries only the
// tab's name (locales/). Each section's own texts load with it (webhookTexts.ts, crmTexts.ts);
// `textsOf` makes a section's `t`, which falls back to these and then to the console's dictionary.
import { fillPlaceholders, type Params } from "../../../../client/lang";
import type { MessageKey } from "../../lib/i18n";
import { useI18n } from "../../stores/createI18n";

export const integrationEn = {
  "integrations.adminOnlyTitle": "Admins only",
  "integrations.adminOnly": "Webhooks and CRM connections are managed by the workspace’s owners and admins. Ask one of them if something should be sent elsewhere.",
  "integrations.loadFailed": "This could not be loaded: {error}",
  "integrations.failed": "That did not work: {error}",
};

export type IntegrationKey = keyof typeof integrationEn;

export const integrationFr: Record<IntegrationKey, string> = {
  "integrations.adminOnlyTitle": "Réservé aux administrateurs",
  "integrations.adminOnly": "Les webhooks et les connexions aux CRM sont gérés par les propriétaires et les administrateurs de l’espace. Demandez à l’un d’eux si quelque chose doit être envoyé ailleurs.",
  "integrations.loadFailed": "Le chargement a échoué : {error}",
  "integrations.failed": "Cela n’a pas fonctionné : {error}",
};

export type TextOf<Key extends string> = (key: Key | IntegrationKey | MessageKey, params?: Params) => string;

/** A `t` that knows a section's texts, the page's, and the console's. */
export function textsOf<Key extends string>(en: Record<Key, string>, fr: Record<Key, string>) {
  return (): TextOf<Key> => {
    const { lang, t } = useI18n();
    return (key, params) => {
      const own = Object.hasOwn(en, key) ? (lang() === "fr" ? fr : en)[key as Key] : Object.hasOwn(integrationEn, key) ? (lang() === "fr" ? integrationFr : integrationEn)[key as IntegrationKey] : null;
      return own === null ? t(key as MessageKey, params) : fillPlaceholders(own, params, lang());
    };
  };
}

/** The page's own `t` (the admins-only page, the sections' shared sentences). */
export const useIntegrationText = textsOf<never>({} as Record<never, string>, {} as Record<never, string>);
