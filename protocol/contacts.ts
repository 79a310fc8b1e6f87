// The contacts CRM: the list (filters, search, sort, pages), a contact's page (fields, history,
// timeline), merging, erasure and the CSV export's query. The Worker validates with these
// schemas; the console imports the types. A contact's fields are protocol/api.ts ContactFields.
import { z } from "@hono/zod-openapi";
import { ContactFieldsSchema, ContactSchema } from "./api";

/** How many contacts one page of the list holds. */
export const CONTACTS_PAGE_SIZE = 50;

export const CONTACT_SORTS = ["name", "email", "phone", "company", "interface", "convertedAt", "convertedBy", "lastActivityAt"] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];

/** The conversion-date presets, cut in the workspace's time zone; `custom` takes from/to. */
export const DATE_PRESETS = ["today", "last7", "last30", "thisMonth", "custom"] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];

/** The list's (and the export's) filter. */
export const ContactListQuerySchema = z.object({
  range: z.enum(DATE_PRESETS).optional(),
  /** Inclusive days (YYYY-MM-DD) with `range=custom`. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  interfaceId: z.string().max(64).optional(),
  /** Words searched in name, email, phone and company. */
  q: z.string().trim().max(200).optional(),
  sort: z.enum(CONTACT_SORTS).default("convertedAt"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  cursor: z.string().max(300).optional(),
});
export type ContactListQuery = z.infer<typeof ContactListQuerySchema>;

/** A row of the list. */
export const ContactRowSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    company: z.string().nullable(),
    interfaceId: z.string().nullable(),
    interfaceName: z.string().nullable(),
    /** When the visitor became a contact. */
    convertedAt: z.number(),
    convertedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
    lastActivityAt: z.number().nullable(),
  })
  .openapi("ContactRow");
export type ContactRow = z.infer<typeof ContactRowSchema>;

export const ContactPageSchema = z
  .object({
    contacts: z.array(ContactRowSchema),
    nextCursor: z.string().nullable(),
    /** How many contacts match the filter (the export's progress counts toward it). */
    total: z.number().int(),
  })
  .openapi("ContactPage");
export type ContactPage = z.infer<typeof ContactPageSchema>;

export const ContactEventSchema = z
  .object({
    id: z.string(),
    /** converted, updated, merged, conversation, offline_message, appointment, crm_synced, crm_failed, note… */
    kind: z.string(),
    actor: z.object({ id: z.string(), name: z.string() }).nullable(),
    data: z.record(z.string(), z.unknown()),
    at: z.number(),
  })
  .openapi("ContactEvent");
export type ContactEvent = z.infer<typeof ContactEventSchema>;

/** A contact's page: the record, then everything that happened with them. */
export const ContactDetailSchema = z
  .object({
    contact: ContactSchema.extend({
      interfaceId: z.string().nullable(),
      convertedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
      lastActivityAt: z.number().nullable(),
    }),
    visitorIds: z.array(z.string()),
    /** Their conversations (newest first); transcripts are read per conversation. */
    conversations: z.array(z.object({ id: z.string(), interfaceId: z.string(), status: z.string(), createdAt: z.number(), lastMessageAt: z.number().nullable(), lastMessagePreview: z.string().nullable() })),
    offlineThreads: z.array(z.object({ id: z.string(), preview: z.string(), status: z.string(), lastMessageAt: z.number() })),
    appointments: z.array(z.object({ id: z.string(), startsAt: z.number(), status: z.string() })),
    /** CRM sync state per connected CRM. */
    crm: z.array(z.object({ provider: z.string(), status: z.enum(["synced", "failed", "pending", "skipped"]), remoteId: z.string().nullable(), lastError: z.string().nullable(), syncedAt: z.number().nullable() })),
    timeline: z.array(ContactEventSchema),
  })
  .openapi("ContactDetail");
export type ContactDetail = z.infer<typeof ContactDetailSchema>;

/** `PATCH /api/contacts/:id`: the fields changed, and only those (no defaults: a field not sent is not a change). */
export const ContactUpdateSchema = z
  .object(Object.fromEntries(Object.entries(ContactFieldsSchema.shape).map(([key, field]) => [key, field.unwrap().optional()])) as {
    [K in keyof typeof ContactFieldsSchema.shape]: z.ZodOptional<ReturnType<(typeof ContactFieldsSchema.shape)[K]["unwrap"]>>;
  })
  .openapi("ContactUpdate");

/** `POST /api/contacts/:id/merge`: fold `otherId` into this contact (its visitors, notes, history). */
export const ContactMergeBodySchema = z.object({ otherId: z.string().min(1).max(64) }).openapi("ContactMergeBody");

/** What a capture answered: the contact, and whether it was merged into an existing one with the same email. */
export const ContactCaptureResultSchema = ContactSchema.extend({ mergedInto: z.string().nullable() }).openapi("ContactCaptureResult");

/** What `DELETE /api/contacts/:id` erased, counted per place. */
export const ErasureReportSchema = z
  .object({
    contactId: z.string(),
    erased: z.record(z.string(), z.number().int()),
    at: z.number(),
  })
  .openapi("ErasureReport");
export type ErasureReport = z.infer<typeof ErasureReportSchema>;
