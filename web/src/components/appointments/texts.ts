// The Appointments pages' texts, loaded with them: the console's first load carries only the
// navigation's and the alerts' (locales/). `useAppointmentText` falls back to the console's.
import { fillPlaceholders, type Params } from "../../../../client/lang";
import type { MessageKey } from "../../lib/i18n";
import { useI18n } from "../../stores/createI18n";

export const appointmentEn = {
  "appointments.upcoming": "Upcoming",
  "appointments.past": "Past",
  "appointments.emptyUpcoming": "No upcoming appointment. Visitors book them in the widget when a flow has an Appointment step and the interface takes appointments (Settings → Appointments).",
  "appointments.emptyPast": "No past appointment yet.",
  "appointments.loadFailed": "The appointments could not be loaded.",
  "appointments.loadMore": "Load more",
  "appointments.join": "Join",
  "appointments.joinSoon": "Join opens {minutes} minutes before the start.",
  "appointments.copyLink": "Copy the agent’s link",
  "appointments.link": "Agent’s call link",
  "appointments.cancel": "Cancel",
  "appointments.cancelTitle": "Cancel this appointment?",
  "appointments.cancelBody": "{name}’s appointment on {when} is cancelled and the slot becomes free again.",
  "appointments.cancelConfirm": "Cancel the appointment",
  "appointments.cancelFailed": "The appointment could not be cancelled: {error}",
  "appointments.keep": "Keep it",
  "appointments.cancelled": "Cancelled",
  "appointments.now": "Under way",
  "appointments.interface": "Interface",
  "appointments.timeNote": "Times in your zone ({zone}).",
  "appointmentSettings.intro": "When visitors may book a video call through a flow’s Appointment step, and who takes them.",
  "appointmentSettings.interface": "Chat interface",
  "appointmentSettings.noInterface": "Create a chat interface first: appointments are set per interface.",
  "appointmentSettings.enabled": "Visitors may book appointments",
  "appointmentSettings.timeZone": "Team’s time zone",
  "appointmentSettings.timeZoneHint": "The weekly hours are in this zone. Empty: the workspace’s ({zone}).",
  "appointmentSettings.week": "Weekly availability",
  "appointmentSettings.slotMinutes": "Appointment length (minutes)",
  "appointmentSettings.bufferMinutes": "Free time after each (minutes)",
  "appointmentSettings.daysAhead": "How far ahead (days)",
  "appointmentSettings.minNoticeMinutes": "Minimum notice (minutes)",
  "appointmentSettings.range": "Between {min} and {max}.",
  "appointmentSettings.agents": "Agents who take appointments",
  "appointmentSettings.agentsHint": "They are told of each booking. None ticked: every agent.",
  "appointmentSettings.save": "Save",
  "appointmentSettings.saved": "Appointments saved.",
  "appointmentSettings.loadFailed": "The appointment settings could not be loaded.",
  "appointmentSettings.adminOnly": "Only admins can change these settings.",
};

export type AppointmentKey = keyof typeof appointmentEn;

export const appointmentFr: Record<AppointmentKey, string> = {
  "appointments.upcoming": "À venir",
  "appointments.past": "Passés",
  "appointments.emptyUpcoming": "Aucun rendez-vous à venir. Les visiteurs les prennent dans le widget quand un parcours a une étape Rendez-vous et que l’interface accepte les rendez-vous (Paramètres → Rendez-vous).",
  "appointments.emptyPast": "Aucun rendez-vous passé pour l’instant.",
  "appointments.loadFailed": "Les rendez-vous n’ont pas pu être chargés.",
  "appointments.loadMore": "Afficher plus",
  "appointments.join": "Rejoindre",
  "appointments.joinSoon": "« Rejoindre » s’ouvre {minutes} minutes avant le début.",
  "appointments.copyLink": "Copier le lien de l’agent",
  "appointments.link": "Lien d’appel de l’agent",
  "appointments.cancel": "Annuler",
  "appointments.cancelTitle": "Annuler ce rendez-vous ?",
  "appointments.cancelBody": "Le rendez-vous de {name} le {when} est annulé et le créneau redevient libre.",
  "appointments.cancelConfirm": "Annuler le rendez-vous",
  "appointments.cancelFailed": "Le rendez-vous n’a pas pu être annulé : {error}",
  "appointments.keep": "Le garder",
  "appointments.cancelled": "Annulé",
  "appointments.now": "En cours",
  "appointments.interface": "Interface",
  "appointments.timeNote": "Heures dans votre fuseau ({zone}).",
  "appointmentSettings.intro": "Quand les visiteurs peuvent réserver un appel vidéo par l’étape Rendez-vous d’un parcours, et qui les prend.",
  "appointmentSettings.interface": "Interface de chat",
  "appointmentSettings.noInterface": "Créez d’abord une interface de chat : les rendez-vous se règlent par interface.",
  "appointmentSettings.enabled": "Les visiteurs peuvent prendre rendez-vous",
  "appointmentSettings.timeZone": "Fuseau horaire de l’équipe",
  "appointmentSettings.timeZoneHint": "Les horaires de la semaine sont dans ce fuseau. Vide : celui de l’espace ({zone}).",
  "appointmentSettings.week": "Disponibilités de la semaine",
  "appointmentSettings.slotMinutes": "Durée d’un rendez-vous (minutes)",
  "appointmentSettings.bufferMinutes": "Temps libre après chacun (minutes)",
  "appointmentSettings.daysAhead": "Jusqu’à combien de jours à l’avance",
  "appointmentSettings.minNoticeMinutes": "Délai minimum (minutes)",
  "appointmentSettings.range": "Entre {min} et {max}.",
  "appointmentSettings.agents": "Agents qui prennent les rendez-vous",
  "appointmentSettings.agentsHint": "Ils sont prévenus de chaque réservation. Aucun coché : tous les agents.",
  "appointmentSettings.save": "Enregistrer",
  "appointmentSettings.saved": "Rendez-vous enregistrés.",
  "appointmentSettings.loadFailed": "Les réglages des rendez-vous n’ont pas pu être chargés.",
  "appointmentSettings.adminOnly": "Seuls les administrateurs peuvent modifier ces réglages.",
};

/** The console's `t`, which also knows the Appointments pages' texts. */
export function useAppointmentText() {
  const { lang, t } = useI18n();
  return (key: AppointmentKey | MessageKey, params?: Params): string =>
    Object.hasOwn(appointmentEn, key)
      ? fillPlaceholders((lang() === "fr" ? appointmentFr : appointmentEn)[key as AppointmentKey], params, lang())
      : t(key as MessageKey, params);
}
