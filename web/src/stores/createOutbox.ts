// Emails held by the local dev outbox, newest first, and which one is open.
import { createMemo, createResource, createSignal } from "solid-js";
import type { Api } from "../lib/api";

export function createOutbox(api: Api) {
  const [emails, { refetch }] = createResource(async () => (await api.outbox()).emails);
  const [selectedId, setSelectedId] = createSignal<string | null>(null);
  const selected = createMemo(() => {
    const id = selectedId();
    if (!id || emails.state !== "ready") return undefined;
    return emails().find((email) => email.id === id);
  });
  return { emails, refresh: () => void refetch(), selectedId, select: setSelectedId, selected };
}
