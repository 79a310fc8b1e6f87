// The CRMs Raibu speaks to: each provider's adapter and its default field mapping. A new CRM is
// its own file implementing `CrmAdapter` plus one line here (and its name in CRM_PROVIDERS).
import type { CrmProvider } from "@raibu/protocol/integrations";
import type { CrmAdapter, CrmMapping } from "./adapter";
import { HUBSPOT_DEFAULT_MAPPING, hubspotAdapter } from "./hubspot";
import { PIPEDRIVE_DEFAULT_MAPPING, pipedriveAdapter } from "./pipedrive";

export interface CrmProviderInfo {
  /** How the provider is named to people. */
  label: string;
  adapter(token: string): CrmAdapter;
  defaultMapping: CrmMapping;
}

export const PROVIDERS: Record<CrmProvider, CrmProviderInfo> = {
  hubspot: { label: "HubSpot", adapter: hubspotAdapter, defaultMapping: HUBSPOT_DEFAULT_MAPPING },
  pipedrive: { label: "Pipedrive", adapter: pipedriveAdapter, defaultMapping: PIPEDRIVE_DEFAULT_MAPPING },
};
