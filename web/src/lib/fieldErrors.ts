// The API answers a rejected body with one sentence naming each bad field
// ("email: Enter a valid email address.; website: Too long"); this splits it back per field.

export interface FieldErrors {
  fields: Record<string, string>;
  /** Parts that name no field (or a field the form does not show). */
  other: string[];
}

export function parseFieldErrors(message: string, known: readonly string[]): FieldErrors {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const part of message.split(/;\s+/)) {
    const match = /^([A-Za-z0-9_.]+):\s*(.+)$/.exec(part.trim());
    const field = match?.[1]?.split(".")[0];
    if (match && field && known.includes(field)) fields[field] ??= match[2]!;
    else if (part.trim()) other.push(part.trim());
  }
  return { fields, other };
}
