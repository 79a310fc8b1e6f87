// The CSV export of the contacts list's filter: a header in the reader's language, then the contacts
// read from D1 in keyset pages, each written to the stream when the reader asks for more (so 100,000
// contacts take one page of memory). RFC 4180 by csv-stringify, with a BOM so Excel reads UTF-8.
import { and, desc, eq, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { stringify } from "csv-stringify/sync";
import { wallClock, zoneOffset } from "@raibu/protocol/businessHours";
import type { Lang } from "@raibu/protocol/lang";
import type { Database } from "../db/client";
import { chatInterfaces, contacts, users } from "../db/schema";
import { contactListWhere, searchPlan, type ContactFilter } from "./list";

/** Contacts read per D1 query: big enough that 100,000 take 100 round trips, small enough to hold. */
export const EXPORT_PAGE_SIZE = 1000;

const COLUMNS = ["name", "email", "phone", "company", "jobTitle", "website", "address", "city", "country", "interface", "convertedAt", "convertedBy", "lastActivityAt"] as const;
type Column = (typeof COLUMNS)[number];

/** The header's words; a custom field's column is its key as the team wrote it. */
const HEADERS: Record<Lang, Record<Column, string>> = {
  en: {
    name: "Name",
    email: "Email",
    phone: "Phone",
    company: "Company",
    jobTitle: "Job title",
    website: "Website",
    address: "Address",
    city: "City",
    country: "Country",
    interface: "Interface",
    convertedAt: "Converted on",
    convertedBy: "Converted by",
    lastActivityAt: "Last activity",
  },
  fr: {
    name: "Nom",
    email: "E-mail",
    phone: "Téléphone",
    company: "Entreprise",
    jobTitle: "Fonction",
    website: "Site web",
    address: "Adresse",
    city: "Ville",
    country: "Pays",
    interface: "Interface",
    convertedAt: "Converti le",
    convertedBy: "Converti par",
    lastActivityAt: "Dernière activité",
  },
};

/**
 * A cell a spreadsheet would read as a formula (or whose leading tab or CR it would eat) gets a
 * leading single quote, as OWASP's CSV-injection advice says: a phone "+33 …" reads "'+33 …".
 */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const CSV_OPTIONS = {
  record_delimiter: "\r\n",
  // csv-stringify quotes a line break only when it is the record delimiter: RFC 4180 wants every CR and LF quoted.
  quoted_match: /[\r\n]/,
  cast: { string: neutralise },
} as const;

/** An instant as ISO 8601 on the workspace's wall clock, with its offset: 2026-03-29T03:15:00+02:00. */
export function zonedIso(instant: number, timeZone: string): string {
  const offset = zoneOffset(instant, timeZone);
  const local = new Date(Math.floor(instant / 1000) * 1000 + offset).toISOString().slice(0, 19);
  const minutes = Math.round(Math.abs(offset) / 60_000);
  const sign = offset < 0 ? "-" : "+";
  return `${local}${sign}${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** The file's name: the day of the export in the workspace's zone. */
export function exportFilename(timeZone: string, now = Date.now()): string {
  const { year, month, day } = wallClock(now, timeZone);
  return `contacts-${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}.csv`;
}

/** Every custom field key the filter's contacts hold, sorted: one column each, the same on every run. */
async function customFieldKeys(db: Database, where: SQL): Promise<string[]> {
  const rows = await db.all<{ k: string }>(sql`SELECT DISTINCT j.key AS k FROM ${contacts}, json_each(${contacts.customFields}) AS j WHERE ${where} ORDER BY k`);
  return rows.map((r) => r.k);
}

const pageColumns = {
  id: contacts.id,
  name: contacts.name,
  email: contacts.email,
  phone: contacts.phone,
  company: contacts.company,
  jobTitle: contacts.jobTitle,
  website: contacts.website,
  address: contacts.address,
  city: contacts.city,
  country: contacts.country,
  customFields: contacts.customFields,
  interfaceName: chatInterfaces.name,
  convertedAt: contacts.createdAt,
  converterName: users.name,
  lastActivityAt: contacts.lastActivityAt,
};

/** The page after `after` in the list's default order (newest conversion first, the id breaking ties). */
function readPage(db: Database, where: SQL, after: { at: number; id: string } | null, limit: number) {
  const keyset = after ? and(lte(contacts.createdAt, after.at), or(lt(contacts.createdAt, after.at), lt(contacts.id, after.id))) : undefined;
  return db
    .select(pageColumns)
    .from(contacts)
    .leftJoin(chatInterfaces, eq(chatInterfaces.id, contacts.interfaceId))
    .leftJoin(users, eq(users.id, contacts.createdBy))
    .where(and(where, keyset))
    .orderBy(desc(contacts.createdAt), desc(contacts.id))
    .limit(limit);
}

type PageRow = Awaited<ReturnType<typeof readPage>>[number];

export interface ContactExport {
  /** How many contacts the filter holds (X-Total-Count). */
  total: number;
  filename: string;
  body: ReadableStream<Uint8Array>;
}

export interface ExportRequest {
  workspaceId: string;
  filter: ContactFilter;
  timeZone: string;
  lang: Lang;
  now?: number;
  pageSize?: number;
}

/**
 * The export of a filter: its count and custom field keys are read first (the header needs them), then
 * each pull of the stream reads one page. The rows are those of the list's filter, newest conversion first.
 */
export async function exportContacts(db: Database, request: ExportRequest): Promise<ContactExport> {
  const { workspaceId, filter, timeZone, lang, now = Date.now(), pageSize = EXPORT_PAGE_SIZE } = request;
  const where = contactListWhere(workspaceId, filter, timeZone, await searchPlan(db, filter.q), now);
  const [[counted], keys] = await Promise.all([db.select({ n: sql<number>`count(*)` }).from(contacts).where(where), customFieldKeys(db, where)]);
  const headers = HEADERS[lang];
  const toRecord = (row: PageRow): (string | null)[] => [
    row.name,
    row.email,
    row.phone,
    row.company,
    row.jobTitle,
    row.website,
    row.address,
    row.city,
    row.country,
    row.interfaceName,
    zonedIso(row.convertedAt, timeZone),
    row.converterName,
    row.lastActivityAt === null ? null : zonedIso(row.lastActivityAt, timeZone),
    ...keys.map((k) => row.customFields?.[k] ?? null),
  ];
  const encoder = new TextEncoder();
  let after: { at: number; id: string } | null = null;
  let headerSent = false;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(stringify([[...COLUMNS.map((c) => headers[c]), ...keys]], { ...CSV_OPTIONS, bom: true })));
          return;
        }
        const rows = await readPage(db, where, after, pageSize);
        if (rows.length > 0) controller.enqueue(encoder.encode(stringify(rows.map(toRecord), CSV_OPTIONS)));
        const last = rows.at(-1);
        if (rows.length < pageSize || !last) controller.close();
        else after = { at: last.convertedAt, id: last.id };
      },
    },
    // One chunk ahead at most: the next page is read when the reader has taken the last one.
    { highWaterMark: 0 },
  );
  return { total: counted?.n ?? 0, filename: exportFilename(timeZone, now), body };
}
