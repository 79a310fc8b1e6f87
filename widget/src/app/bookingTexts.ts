// Texts of the Appointment step's offer, slot picker, booking form and confirmation, in English and
// French. Kept apart from i18n.ts so they travel in the booking's chunk, not in every first load.
import { fillPlaceholders, type Params } from "../../../client/lang";
import { lang } from "./language";

const en = {
  offer: "Book a {minutes}-minute appointment",
  skip: "Continue",
  pickTitle: "Choose a time",
  loadingSlots: "Loading free times…",
  noSlots: "No free times in the coming days.",
  slotsFailed: "Free times could not be loaded.",
  appointmentsOff: "Appointments cannot be booked right now.",
  days: "Days with free times",
  times: "Free times on {day}",
  zone: "Times in {zone}",
  teamZone: "The team’s times are in {zone}.",
  back: "Back",
  confirmTitle: "Your details",
  chosen: "{when}, {minutes} minutes",
  name: "Your name",
  email: "Your email",
  book: "Book this time",
  booking: "Booking…",
  "required.name": "Enter your name.",
  "required.email": "Enter your email address.",
  badEmail: "Enter a valid email address, like name@example.com.",
  fieldTooLong: "At most {max} characters: remove {count}.",
  checkFields: "Check the highlighted fields.",
  slotTaken: "Someone has just booked that time. Here are the times still free.",
  bookNetwork: "Not booked: you seem to be offline. Check your connection and try again.",
  bookRateLimited: "Not booked: too many tries. Wait a moment and try again.",
  bookFailed: "Not booked. Please try again.",
  booked: "Your appointment is booked",
  emailed: "A confirmation was emailed to {email}.",
  joinCall: "Join the call",
};

// French typography: a narrow no-break space (\u202f) before ? ! : and inside « ».
const fr: typeof en = {
  offer: "Prendre un rendez-vous de {minutes}\u00a0minutes",
  skip: "Continuer",
  pickTitle: "Choisissez un horaire",
  loadingSlots: "Chargement des horaires libres…",
  noSlots: "Aucun horaire libre ces prochains jours.",
  slotsFailed: "Les horaires libres n’ont pas pu être chargés.",
  appointmentsOff: "Les rendez-vous ne peuvent pas être pris pour le moment.",
  days: "Jours avec des horaires libres",
  times: "Horaires libres le {day}",
  zone: "Heures\u202f: {zone}",
  teamZone: "Les horaires de l’équipe sont en {zone}.",
  back: "Retour",
  confirmTitle: "Vos coordonnées",
  chosen: "{when}, {minutes}\u00a0minutes",
  name: "Votre nom",
  email: "Votre e-mail",
  book: "Réserver cet horaire",
  booking: "Réservation…",
  "required.name": "Indiquez votre nom.",
  "required.email": "Indiquez votre adresse e-mail.",
  badEmail: "Indiquez une adresse e-mail valide, comme nom@exemple.fr.",
  fieldTooLong: "{max} caractères au plus\u202f: retirez-en {count}.",
  checkFields: "Vérifiez les champs signalés.",
  slotTaken: "Quelqu’un vient de réserver cet horaire. Voici ceux encore libres.",
  bookNetwork: "Non réservé\u202f: vous semblez hors ligne. Vérifiez votre connexion et réessayez.",
  bookRateLimited: "Non réservé\u202f: trop d’essais. Patientez un instant et réessayez.",
  bookFailed: "Non réservé. Veuillez réessayer.",
  booked: "Votre rendez-vous est réservé",
  emailed: "Une confirmation a été envoyée à {email}.",
  joinCall: "Rejoindre l’appel",
};

export type BookingKey = keyof typeof en;
export const bookingDictionaries = { en, fr };

/** The text in the widget's current language, with `{name}` placeholders filled. */
export function bookingText(key: BookingKey, params?: Params): string {
  const current = lang();
  return fillPlaceholders(bookingDictionaries[current][key], params, current);
}
