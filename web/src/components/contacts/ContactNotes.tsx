// The contact's notes: the same sticky notes as the live page's visitor panel (its NotesSection),
// which are kept per visitor. A contact may be several visitors (a merge, the same email twice):
// their notes show together, oldest first, and a new note goes on the contact's own visitor.
import { createEffect, createResource, Show } from "solid-js";
import { useApi, type Note } from "../../lib/api";
import { useSession } from "../../stores/createSession";
import { NotesSection } from "../live/NotesSection";
import { Notice } from "../Notice";
import { useContactText } from "./texts";

/** `onCount`: how many notes there are (the erasure's confirmation counts them). */
export function ContactNotes(props: { visitorIds: string[]; visitorId: string | null; onCount: (count: number) => void }) {
  const t = useContactText();
  const api = useApi();
  const session = useSession();
  const [notes, { mutate }] = createResource(
    () => props.visitorIds.join(","),
    async () => {
      const details = await Promise.all(props.visitorIds.map((id) => api.visitor(id)));
      return details.flatMap((d) => d.notes).sort((a, b) => a.createdAt - b.createdAt);
    },
  );
  const target = () => props.visitorId ?? props.visitorIds[0] ?? null;
  createEffect(() => props.onCount(notes()?.length ?? 0));

  return (
    <div class="card flush contact-notes" data-testid="contact-notes">
      <Show when={!notes.error} fallback={<Notice tone="error">{t("contactPage.loadFailed")}</Notice>}>
        <Show when={notes()} fallback={<p class="muted small-text contact-notes-wait">{t("common.loading")}</p>}>
          <Show when={target()} fallback={<p class="muted small-text contact-notes-wait">{t("notes.empty")}</p>}>
            {(visitorId) => <NotesSection visitorId={visitorId()} notes={notes() ?? []} meId={session.me()?.id ?? ""} onChange={(next: Note[]) => mutate(next)} />}
          </Show>
        </Show>
      </Show>
    </div>
  );
}
