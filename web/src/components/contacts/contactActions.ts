// The rules behind « Merge with… » and « Delete » on a contact's page, without I/O: which contacts may
// be picked to merge, what erasing a contact takes with it (said before confirming), the word an
// admin types to confirm, and the erasure report's counts in a stable order.
import type { ContactDetail, ContactRow, ErasureReport } from "@raibu/protocol/contacts";

/** The contacts offered to merge with: every match but the contact itself. */
export function mergeCandidates(rows: ContactRow[], currentId: string): ContactRow[] {
  return rows.filter((row) => row.id !== currentId);
}

/** A contact's name for a sentence: its name, else its email, else its phone, else `fallback`. */
export function contactLabel(contact: Pick<ContactRow, "name" | "email" | "phone">, fallback: string): string {
  return contact.name?.trim() || contact.email?.trim() || contact.phone?.trim() || fallback;
}

/** What deleting this contact erases, counted from its page, to say before the admin confirms. */
export function erasureConsequences(detail: ContactDetail, noteCount: number) {
  return {
    visitors: detail.visitorIds.length,
    conversations: detail.conversations.length,
    offlineThreads: detail.offlineThreads.length,
    appointments: detail.appointments.length,
    notes: noteCount,
    crm: detail.crm.length,
  };
}

/**
 * What the admin types to confirm an erasure: the contact's email, else its name, else the word the
 * page gives (« delete » / « supprimer »). Compared without case or surrounding spaces.
 */
export function deleteConfirmWord(contact: { email: string | null; name: string | null }, word: string): string {
  return contact.email?.trim() || contact.name?.trim() || word;
}

export function deleteConfirmed(typed: string, expected: string): boolean {
  return typed.trim().toLocaleLowerCase() !== "" && typed.trim().toLocaleLowerCase() === expected.trim().toLocaleLowerCase();
}

/** The places an erasure reports, in the order people think of them; others follow by name. */
const REPORT_ORDER = ["contacts", "visitors", "conversations", "messages", "files", "notes", "offlineThreads", "offlineMessages", "appointments", "emails", "searchRows", "crmRecords", "deliveries"];

/** The report's counts as rows, known places first, then the rest by name; with their sum. */
export function erasureRows(report: ErasureReport): { rows: Array<{ place: string; count: number }>; total: number } {
  const rank = (place: string) => {
    const index = REPORT_ORDER.indexOf(place);
    return index === -1 ? REPORT_ORDER.length : index;
  };
  const rows = Object.entries(report.erased)
    .map(([place, count]) => ({ place, count }))
    .sort((a, b) => rank(a.place) - rank(b.place) || a.place.localeCompare(b.place));
  return { rows, total: rows.reduce((sum, row) => sum + row.count, 0) };
}
