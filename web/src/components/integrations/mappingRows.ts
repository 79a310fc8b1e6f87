// The field-mapping editor without the page: a CRM's mapping (Raibu field or `custom.<key>` → the
// CRM's property) as editable rows and back, with the problems a row can have — the server's rules
// (worker/src/routes/integrations.ts) said before sending.
import { ROW_FIELDS } from "./catalog";

/**
 * One row: a mapping key (a Raibu field, or "custom" with the custom field's key beside it) and the
 * CRM property it fills. A key this console does not know is kept as it is, so saving loses nothing.
 */
export type MappingRow = { field: string; customKey: string; property: string };
export type RowProblem = "propertyRequired" | "propertyInvalid" | "customKeyInvalid" | "fieldTaken";

export const CUSTOM = "custom";
const CUSTOM_PREFIX = "custom.";
/** HubSpot's internal names and Pipedrive's field keys. */
const PROPERTY_NAME = /^[A-Za-z0-9_]{1,80}$/;
const CUSTOM_KEY = /^[\w.-]{1,60}$/;

const rank = (key: string) => {
  const known = (ROW_FIELDS as readonly string[]).indexOf(key);
  return known >= 0 ? known : ROW_FIELDS.length;
};

/** The rows of a mapping: Raibu's fields in their usual order, then the others (custom fields) by name. */
export function rowsFrom(mapping: Record<string, string>): MappingRow[] {
  return Object.keys(mapping)
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map((key) =>
      key.startsWith(CUSTOM_PREFIX)
        ? { field: CUSTOM, customKey: key.slice(CUSTOM_PREFIX.length), property: mapping[key]! }
        : { field: key, customKey: "", property: mapping[key]! },
    );
}

/** The mapping key a row stands for (`custom.<key>` for a custom field), or null while that key is not valid. */
export function keyOf(row: MappingRow): string | null {
  if (row.field !== CUSTOM) return row.field;
  const key = row.customKey.trim();
  return CUSTOM_KEY.test(key) ? `${CUSTOM_PREFIX}${key}` : null;
}

/** The mapping the API takes, or each bad row's problem (by index). */
export function mappingFrom(rows: readonly MappingRow[]): { mapping: Record<string, string> | null; problems: Record<number, RowProblem> } {
  const mapping: Record<string, string> = {};
  const problems: Record<number, RowProblem> = {};
  rows.forEach((row, index) => {
    const key = keyOf(row);
    const property = row.property.trim();
    if (!key) problems[index] = "customKeyInvalid";
    else if (Object.hasOwn(mapping, key)) problems[index] = "fieldTaken";
    else if (!property) problems[index] = "propertyRequired";
    else if (!PROPERTY_NAME.test(property)) problems[index] = "propertyInvalid";
    else mapping[key] = property;
  });
  return { mapping: Object.keys(problems).length ? null : mapping, problems };
}

/** A new row for the first of Raibu's fields no row maps yet (a custom field when all are). */
export function newRow(rows: readonly MappingRow[]): MappingRow {
  const used = new Set(rows.map((row) => row.field));
  return { field: ROW_FIELDS.find((field) => !used.has(field)) ?? CUSTOM, customKey: "", property: "" };
}
