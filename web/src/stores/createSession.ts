// The signed-in agent (GET /api/me), shared by every page of the console.
import { createSignal } from "solid-js";
import type { Api, Me, UpdateMeBody } from "../lib/api";
import { createProvider } from "../lib/createProvider";

export function createSession(api: Api) {
  // undefined: not asked yet; null: known to be signed out.
  const [me, setMe] = createSignal<Me | null | undefined>(undefined);
  const [error, setError] = createSignal<unknown>(null);
  let pending: Promise<Me | null> | null = null;

  /** Loads the agent once; concurrent callers share the same request. */
  function load(): Promise<Me | null> {
    pending ??= api
      .me()
      .then((result) => {
        setError(null);
        setMe(result);
        return result;
      })
      .catch((err: unknown) => {
        setError(err);
        return null;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  async function update(changes: UpdateMeBody): Promise<Me> {
    const result = await api.updateMe(changes);
    setMe(result);
    return result;
  }

  async function logout(): Promise<void> {
    try {
      await api.logout();
    } finally {
      setMe(null);
    }
  }

  const isAdmin = () => {
    const role = me()?.role;
    return role === "owner" || role === "admin";
  };

  return { me, setMe, error, load, update, logout, isAdmin, clear: () => setMe(null) };
}

export type Session = ReturnType<typeof createSession>;

export const [SessionProvider, useSession] = createProvider<Session>("Session");
