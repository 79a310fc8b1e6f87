// What integrations hear of a contact: contact.created / contact.updated carry the contact (a CRM
// pushes it, matched by email), contact.deleted its id and, after a merge, the contact it joined.
import type { Env } from "../env";
import { newId } from "../lib/crypto";
import { emitEvent } from "../integrations/events";
import { contactOut, type ContactRecord } from "./records";

/** The contact as a webhook receives it: the API's fields, its interface and last activity. */
export function contactPayload(row: ContactRecord) {
  return { ...contactOut(row), interfaceId: row.interfaceId, lastActivityAt: row.lastActivityAt };
}

/**
 * Emits the event. The change it reports is already stored: a failure to queue it is logged and
 * does not turn the agent's save into an error they would retry.
 */
async function emit(env: Env, workspaceId: string, event: "contact.created" | "contact.updated" | "contact.deleted", data: unknown) {
  try {
    await emitEvent(env, { workspaceId, event, eventId: newId(), data });
  } catch (err) {
    console.error("contact event not queued", event, err);
  }
}

export function contactCreated(env: Env, row: ContactRecord) {
  return emit(env, row.workspaceId, "contact.created", { contact: contactPayload(row) });
}

export function contactUpdated(env: Env, row: ContactRecord, changed: string[]) {
  return emit(env, row.workspaceId, "contact.updated", { contact: contactPayload(row), changed });
}

/** A contact folded into another: integrations drop it, or (by email) find it in the survivor. */
export function contactMergedAway(env: Env, workspaceId: string, contactId: string, mergedInto: string) {
  return emit(env, workspaceId, "contact.deleted", { contactId, mergedInto });
}
