// The calendar file that goes with an appointment's emails (RFC 5545 through ical-generator): a
// METHOD:REQUEST event the visitor's calendar adds and later updates (same UID, higher SEQUENCE),
// or a METHOD:CANCEL that removes it. Times are written in UTC, so no time-zone table is needed.
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import type { EmailAttachment } from "../db/schema";

export interface AppointmentEvent {
  /** The appointment's id: the event's UID is built from it, so every update finds the same event. */
  appointmentId: string;
  /** Bumped by each email that changes the event. */
  sequence: number;
  startsAt: number;
  endsAt: number;
  summary: string;
  description: string;
  /** The visitor's call link: the event's URL and LOCATION. */
  callUrl: string;
  /** The workspace that holds the appointment; the address is the deployment's sender. */
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
  /** When the file is made (DTSTAMP). */
  now?: number;
}

/** A UID that stays the same for the appointment's life and is unique to this deployment. */
export function appointmentUid(appointmentId: string, domain: string): string {
  return `appointment-${appointmentId}@${domain}`;
}

export function appointmentIcs(method: "request" | "cancel", event: AppointmentEvent & { uid: string }): string {
  const calendar = ical({
    prodId: { company: "Raibu", product: "Appointments", language: "EN" },
    method: method === "cancel" ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  calendar.createEvent({
    id: event.uid,
    sequence: event.sequence,
    stamp: new Date(event.now ?? Date.now()),
    start: new Date(event.startsAt),
    end: new Date(event.endsAt),
    summary: event.summary,
    description: event.description,
    location: event.callUrl,
    url: event.callUrl,
    status: method === "cancel" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: event.organizer,
    attendees: [
      {
        name: event.attendee.name,
        email: event.attendee.email,
        role: ICalAttendeeRole.REQ,
        // The visitor chose the slot: there is nothing left for their calendar to ask them.
        status: method === "cancel" ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED,
      },
    ],
  });
  return calendar.toString();
}

/** The .ics as an email attachment. `method` in the content type lets mail clients offer to update the calendar. */
export function icsAttachment(method: "request" | "cancel", ics: string): EmailAttachment {
  const bytes = new TextEncoder().encode(ics);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return {
    filename: method === "cancel" ? "cancel.ics" : "invite.ics",
    contentType: `text/calendar; charset=utf-8; method=${method === "cancel" ? "CANCEL" : "REQUEST"}`,
    content: btoa(binary),
  };
}
