// The dashboard's texts, loaded with its page: the console's first load carries only the navigation's
// (locales/). `useDashboardText` reads these, then the Appointments texts (« Rejoindre »), then the console's.
import { fillPlaceholders, type Lang, type Params } from "../../../../client/lang";
import type { MessageKey } from "../../lib/i18n";
import { useI18n } from "../../stores/createI18n";
import { appointmentEn, appointmentFr, type AppointmentKey } from "../appointments/texts";

export const dashboardEn = {
  "dashboard.filters": "Dashboard filters",
  "dashboard.interface": "Chat interface",
  "dashboard.allInterfaces": "All interfaces",
  "dashboard.range": "Dates",
  "dashboard.range.last7": "Last 7 days",
  "dashboard.range.last30": "Last 30 days",
  "dashboard.range.last90": "Last 90 days",
  "dashboard.range.thisMonth": "This month",
  "dashboard.range.lastMonth": "Last month",
  "dashboard.range.custom": "Custom range",
  "dashboard.from": "From",
  "dashboard.to": "To",
  "dashboard.apply": "Apply",
  "dashboard.invalid.from": "Choose the first day.",
  "dashboard.invalid.to": "Choose the last day.",
  "dashboard.invalid.order": "The first day comes after the last one.",
  "dashboard.invalid.tooLong": "{days} days at most: choose a shorter range.",
  "dashboard.invalid.future": "The last day is after today ({today}).",
  "dashboard.days": "{range} · days in the workspace’s time zone ({zone})",
  "dashboard.totalResponses": "Total responses",
  "dashboard.breakdown": "Live {live} · Video {video} · Takeovers {takeovers}",
  "dashboard.averagePerDay": "Average responses per day",
  "dashboard.averageNote": "{responses} over {days, plural, one {# day} other {# days}}",
  "dashboard.offlineMessages": "Offline messages",
  "dashboard.offlineNote": "Received in the period",
  "dashboard.chart": "Visitors and converted contacts per day",
  "dashboard.chartHint": "Use the left and right arrow keys to go from day to day.",
  "dashboard.visitors": "Visitors",
  "dashboard.contacts": "Converted contacts",
  "dashboard.dayValues": "{day}: {visitors, plural, one {# visitor} other {# visitors}}, {contacts, plural, one {# converted contact} other {# converted contacts}}",
  "dashboard.showTable": "Show as table",
  "dashboard.hideTable": "Hide the table",
  "dashboard.tableCaption": "Visitors and converted contacts per day, {range}",
  "dashboard.day": "Day",
  "dashboard.total": "Total",
  "dashboard.chartFailed": "The chart could not be loaded; the figures are in the table.",
  "dashboard.loadFailed": "The figures could not be loaded.",
  "dashboard.noActivity": "Nothing happened in this period yet: visitors, chats and contacts appear here as they come.",
  "dashboard.appointments": "Upcoming appointments",
  "dashboard.noAppointments": "No upcoming appointment.",
  "dashboard.appointmentsFailed": "The appointments could not be loaded.",
  "dashboard.allAppointments": "All appointments",
  "dashboard.rebuild": "The days are being recomputed for the time zone {zone}: {done} of {total} events ({percent}%). Until then they are cut in the previous zone.",
  "dashboard.rebuildStarting": "The days are being recomputed for the time zone {zone}: counting the events. Until then they are cut in the previous zone.",
  "dashboard.rebuildFailed": "Recomputing the days for {zone} failed; an admin can save the time zone again to retry.",
};

export type DashboardKey = keyof typeof dashboardEn;

export const dashboardFr: Record<DashboardKey, string> = {
  "dashboard.filters": "Filtres du tableau de bord",
  "dashboard.interface": "Interface de chat",
  "dashboard.allInterfaces": "Toutes les interfaces",
  "dashboard.range": "Dates",
  "dashboard.range.last7": "7 derniers jours",
  "dashboard.range.last30": "30 derniers jours",
  "dashboard.range.last90": "90 derniers jours",
  "dashboard.range.thisMonth": "Ce mois-ci",
  "dashboard.range.lastMonth": "Le mois dernier",
  "dashboard.range.custom": "Période personnalisée",
  "dashboard.from": "Du",
  "dashboard.to": "Au",
  "dashboard.apply": "Appliquer",
  "dashboard.invalid.from": "Choisissez le premier jour.",
  "dashboard.invalid.to": "Choisissez le dernier jour.",
  "dashboard.invalid.order": "Le premier jour est après le dernier.",
  "dashboard.invalid.tooLong": "{days} jours au plus : choisissez une période plus courte.",
  "dashboard.invalid.future": "Le dernier jour est après aujourd’hui ({today}).",
  "dashboard.days": "{range} · jours du fuseau de l’espace de travail ({zone})",
  "dashboard.totalResponses": "Total des réponses",
  "dashboard.breakdown": "Direct {live} · Vidéo {video} · Prises de contrôle {takeovers}",
  "dashboard.averagePerDay": "Réponse moyenne/jour",
  "dashboard.averageNote": "{responses} sur {days, plural, one {# jour} other {# jours}}",
  "dashboard.offlineMessages": "Messages hors ligne",
  "dashboard.offlineNote": "Reçus sur la période",
  "dashboard.chart": "Visiteurs et contacts convertis par jour",
  "dashboard.chartHint": "Les flèches gauche et droite passent d’un jour à l’autre.",
  "dashboard.visitors": "Visiteurs",
  "dashboard.contacts": "Contacts convertis",
  "dashboard.dayValues": "{day} : {visitors, plural, one {# visiteur} other {# visiteurs}}, {contacts, plural, one {# contact converti} other {# contacts convertis}}",
  "dashboard.showTable": "Afficher en tableau",
  "dashboard.hideTable": "Masquer le tableau",
  "dashboard.tableCaption": "Visiteurs et contacts convertis par jour, {range}",
  "dashboard.day": "Jour",
  "dashboard.total": "Total",
  "dashboard.chartFailed": "Le graphique n’a pas pu être chargé ; les chiffres sont dans le tableau.",
  "dashboard.loadFailed": "Les chiffres n’ont pas pu être chargés.",
  "dashboard.noActivity": "Rien ne s’est encore passé sur cette période : visiteurs, chats et contacts s’affichent ici à mesure qu’ils arrivent.",
  "dashboard.appointments": "Rendez-vous",
  "dashboard.noAppointments": "Aucun rendez-vous à venir.",
  "dashboard.appointmentsFailed": "Les rendez-vous n’ont pas pu être chargés.",
  "dashboard.allAppointments": "Tous les rendez-vous",
  "dashboard.rebuild": "Les jours sont recalculés pour le fuseau {zone} : {done} événements sur {total} ({percent} %). D’ici là, ils restent découpés dans l’ancien fuseau.",
  "dashboard.rebuildStarting": "Les jours sont recalculés pour le fuseau {zone} : décompte des événements. D’ici là, ils restent découpés dans l’ancien fuseau.",
  "dashboard.rebuildFailed": "Le recalcul des jours pour {zone} a échoué ; un administrateur peut enregistrer à nouveau le fuseau pour réessayer.",
};

export type DashboardTextKey = DashboardKey | AppointmentKey;
export type DashboardText = (key: DashboardTextKey | MessageKey, params?: Params) => string;
/** What the pure parts need: the dashboard's own texts (any `DashboardText` is one). */
export type DashboardOwnText = (key: DashboardTextKey, params?: Params) => string;

/** The dashboard's and the Appointments texts in `lang`, without the console's (what the pure parts and tests use). */
export function dashboardText(lang: Lang): DashboardOwnText {
  return (key, params) =>
    Object.hasOwn(dashboardEn, key)
      ? fillPlaceholders((lang === "fr" ? dashboardFr : dashboardEn)[key as DashboardKey], params, lang)
      : fillPlaceholders((lang === "fr" ? appointmentFr : appointmentEn)[key as AppointmentKey], params, lang);
}

/** The console's `t`, which also knows the dashboard's and the Appointments texts. */
export function useDashboardText(): DashboardText {
  const { lang, t } = useI18n();
  return (key, params) => (Object.hasOwn(dashboardEn, key) || Object.hasOwn(appointmentEn, key) ? dashboardText(lang())(key as DashboardTextKey, params) : t(key as MessageKey, params));
}
