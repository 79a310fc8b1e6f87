// One chat interface in the settings: its details (admins only), saving them, creating a
// new one, and rotating its identity-verification secret.
import { createResource } from "solid-js";
import type { Api, ChatInterfaceDetail } from "../lib/api";
import { sameAppearance, type InterfaceFormData } from "../lib/interfaceForm";

export function createChatInterface(api: Api, id: () => string | undefined) {
  const [detail, { mutate }] = createResource(id, (interfaceId) => api.chatInterface(interfaceId));

  /** Saves the whole form; resolves with the interface as stored. */
  async function save(data: InterfaceFormData): Promise<ChatInterfaceDetail> {
    const current = detail();
    if (!current) throw new Error("The interface is not loaded.");
    const updated = await api.updateInterface(current.id, {
      name: data.name,
      language: data.language,
      allowedOrigins: data.origins,
      appearance: data.appearance,
    });
    mutate(updated);
    return updated;
  }

  async function rotateSecret(): Promise<ChatInterfaceDetail> {
    const current = detail();
    if (!current) throw new Error("The interface is not loaded.");
    const updated = await api.rotateInterfaceSecret(current.id);
    mutate(updated);
    return updated;
  }

  return { detail, save, rotateSecret };
}

/**
 * Creates an interface from the form. Creation takes name, language and origins; the
 * appearance follows in a second call when it differs from the defaults the server chose.
 * That second call failing does not undo the creation: the caller is told, to say so.
 */
export async function createInterface(api: Api, data: InterfaceFormData): Promise<{ created: ChatInterfaceDetail; appearanceSaved: boolean }> {
  const created = await api.createInterface({ name: data.name, language: data.language, allowedOrigins: data.origins });
  if (sameAppearance(created.settings.appearance, data.appearance)) return { created, appearanceSaved: true };
  try {
    return { created: await api.updateInterface(created.id, { appearance: data.appearance }), appearanceSaved: true };
  } catch {
    return { created, appearanceSaved: false };
  }
}

export type ChatInterfaceStore = ReturnType<typeof createChatInterface>;
