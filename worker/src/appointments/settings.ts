// An interface's appointment settings as D1 keeps them, read with the defaults filled in, and the
// zone its weekly hours are read in (its own, else the workspace's, else UTC).
import { and, eq } from "drizzle-orm";
import { AppointmentSettingsSchema, type AppointmentSettings } from "@raibu/protocol/appointments";
import { canonicalTimeZone } from "@raibu/protocol/businessHours";
import type { Lang } from "@raibu/protocol/lang";
import type { Database } from "../db/client";
import { appointmentSettings, chatInterfaces, workspaces } from "../db/schema";

export interface InterfaceAppointments {
  interfaceId: string;
  interfaceName: string;
  workspaceId: string;
  language: Lang;
  signingKey: string;
  settings: AppointmentSettings;
  /** The zone the hours are read in. */
  timeZone: string;
}

/** The settings of a chat interface of the workspace (defaults when never saved); null: no such interface there. */
export async function loadAppointmentSettings(db: Database, interfaceId: string, workspaceId: string): Promise<InterfaceAppointments | null> {
  const [row] = await db
    .select({
      name: chatInterfaces.name,
      language: chatInterfaces.language,
      signingKey: chatInterfaces.signingKey,
      workspaceZone: workspaces.timeZone,
      settings: appointmentSettings.settings,
    })
    .from(chatInterfaces)
    .innerJoin(workspaces, eq(workspaces.id, chatInterfaces.workspaceId))
    .leftJoin(appointmentSettings, eq(appointmentSettings.interfaceId, chatInterfaces.id))
    .where(and(eq(chatInterfaces.id, interfaceId), eq(chatInterfaces.workspaceId, workspaceId)))
    .limit(1);
  if (!row) return null;
  // Settings that no longer parse (a schema change) read as the defaults, turned off: never a broken calendar.
  const parsed = AppointmentSettingsSchema.safeParse(row.settings ?? {});
  const settings = parsed.success ? parsed.data : AppointmentSettingsSchema.parse({});
  return {
    interfaceId,
    interfaceName: row.name,
    workspaceId,
    language: row.language,
    signingKey: row.signingKey,
    settings,
    timeZone: canonicalTimeZone(settings.timeZone) ?? canonicalTimeZone(row.workspaceZone) ?? "UTC",
  };
}

export async function saveAppointmentSettings(db: Database, interfaceId: string, workspaceId: string, settings: AppointmentSettings, now = Date.now()) {
  await db
    .insert(appointmentSettings)
    .values({ interfaceId, workspaceId, settings, updatedAt: now })
    .onConflictDoUpdate({ target: appointmentSettings.interfaceId, set: { settings, updatedAt: now } });
}
