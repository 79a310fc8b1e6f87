// English texts the Worker itself writes: the built-in bot, the stored text of system notices,
// visitor names, account emails and the not-yet-available link pages. The keys are the
// reference every other language must match; `{name}` placeholders are filled by lib/i18n.
export const en = {
  "bot.greeting": "Hi! How can we help you today?",
  "bot.reply": "Thanks for your message! Someone from the team will get back to you here.",
  "bot.replyWithOffer": "Thanks for your message! If you'd like to talk to a person, use the buttons below.",

  // What a system notice says in the message log; each screen still writes it from the code.
  "notice.takeover": "{agent} has taken over the chat",
  "notice.accepted": "{agent} accepted the request",
  "notice.transferred": "{from} transferred the chat to {to}",
  "notice.closed": "The conversation has ended",
  "notice.requestTimeout": "No one is available right now",
  "notice.nobodyOnline": "No one is online right now",
  "notice.outsideHours": "Outside business hours",
  "notice.requested.live": "The visitor asked to talk to a person",
  "notice.requested.video": "The visitor asked for a video chat",
  "notice.callJoined.agent": "The agent joined the video call",
  "notice.callJoined.visitor": "The visitor joined the video call",
  "notice.callEnded": "Video call ended ({minutes} min)",
  "notice.appointmentBooked": "The visitor booked an appointment",
  "notice.offlineFormSent": "The visitor left an offline message",
  "notice.keptAsMessage": "The visitor wrote a message where the bot asked for their name: it was kept as a message",
  // The one line an erased conversation keeps (contacts/erase.ts).
  "conversation.erased": "The messages of this conversation were erased",

  // A flow question asks again with these when the answer does not fit and the step has no text of its own.
  "flow.retry.name": "Could you tell me your name?",
  "flow.retry.email": "That doesn't look like an email address. Could you check it?",
  "flow.retry.phone": "That doesn't look like a phone number. Could you check it?",
  "flow.retry.text": "Could you write your answer again?",
  "flow.retry.custom": "Could you write your answer again?",
  "flow.continue": "Continue",
  // Offered on an email or phone question once a wrong answer was asked again.
  "flow.skip": "I'd rather not",

  "visitor.numbered": "Visitor #{number}",
  // Who the visitor's call page says they are waiting for, before an agent joins an appointment's call.
  "call.theTeam": "the team",

  "offline.form.required": "Please fill this in.",
  "offline.form.invalid": "Please check this field.",
  "offline.form.invalidEmail": "Enter a valid email address.",
  "offline.form.invalidPhone": "Enter a phone number (digits, spaces, + ( ) . -).",
  "offline.form.tooLong": "At most {max} characters.",

  "email.invite.subject": "You are invited to {workspace} on Raibu",
  "email.invite.body": "{inviter} invited you to answer visitors of {workspace} on Raibu. Choose your password to join:",
  "email.invite.expiry": "This link expires in 7 days.",
  "email.inviteTaken.body":
    "{inviter} invited you to answer visitors of {workspace} on Raibu, but this email address already has a Raibu account in another workspace, and an account belongs to one workspace.",
  "email.inviteTaken.hint": "To join, ask {inviter} to invite another address of yours. If you did not expect this, ignore this email.",
  "email.reset.subject": "Reset your Raibu password",
  "email.reset.body": "Someone asked to reset the password of your Raibu account. Choose a new one here:",
  "email.reset.expiry": "This link expires in 1 hour. If you did not ask for it, ignore this email.",

  // An agent's answer to an offline message, emailed to the visitor (worker/src/offline/mail.ts).
  "email.offlineReply.subject": "Re: your message to {site}",
  // The line the inbound handler cuts a visitor's emailed answer at: keep it unique and stable.
  "email.offlineReply.marker": "Write your answer above this line",
  "email.offlineReply.intro": "{agent} from {site} answered your message:",
  "email.offlineReply.byEmail": "Answer this email, or write your answer on this page:",
  "email.offlineReply.byLink": "To answer, open this page:",
  "email.offlineReply.linkLabel": "Answer on the web",
  "email.offlineReply.expiry": "This link works until {date}.",
  "email.offlineReply.history": "Earlier in this conversation",
  "email.offlineReply.you": "You",

  // Told to a workspace's admins when a webhook endpoint kept failing (worker/src/integrations/webhooks.ts).
  "email.webhookPaused.subject": "Raibu paused a webhook of {workspace}",
  "email.webhookPaused.body":
    "The last {count} deliveries to {url} failed, so Raibu stopped sending events to it. The last error: {error}. Once the endpoint answers again, resume it in Settings → Integrations; failed deliveries can be sent again from its log.",

  // Refusals of an emailed answer, sent back to the sender by their mail server (plain ASCII there).
  "inbound.unknown": "This address does not accept messages. Use the link in the email you received, or start a new conversation on the website.",
  "inbound.expired": "This reply address has expired. Start a new conversation on the website to write to us again.",
  "inbound.empty": "We could not find any text in your message. Write your answer above the quoted email, or use the link in the email.",
  "inbound.tooLong": "Your answer is longer than {max} characters. Shorten it, or use the link in the email.",
  "inbound.limited": "Too many messages in a short time. Wait a few minutes and send your answer again.",

  // The public reply page of an emailed link (/r/<token>).
  "page.answer.title": "Your conversation with {site}",
  "page.answer.intro": "Read the conversation and write your answer below. We will answer by email.",
  "page.answer.you": "You",
  "page.answer.label": "Your answer",
  "page.answer.send": "Send",
  "page.answer.sent": "Thank you, your answer was sent. We will get back to you by email.",
  "page.answer.empty": "Write your answer before sending it.",
  "page.answer.tooLong": "Answers are limited to {max} characters.",
  "page.answer.badOrigin": "This answer could not be sent from here. Open the link from the email again and send it from that page.",
  "page.answer.limited": "Too many requests from your network. Wait a minute and try again.",
  "page.answer.expired.title": "This link has expired",
  "page.answer.expired.body": "Reply links only work for a while. To write to us again, start a new conversation on the website.",
  "page.answer.invalid.title": "This link does not work",
  "page.answer.invalid.body": "This reply link is incomplete or was changed. Open it again from the email you received, or start a new conversation on the website.",
  "page.answer.newConversation": "Start a new conversation",

  // An appointment's emails to the visitor (worker/src/appointments/mail.ts).
  "email.appointment.booked.subject": "Your appointment with {site}: {date}",
  "email.appointment.booked.intro": "Your video appointment with {site} is booked.",
  "email.appointment.rescheduled.subject": "Your appointment with {site} moved to {date}",
  "email.appointment.rescheduled.intro": "Your video appointment with {site} has moved to a new time.",
  "email.appointment.rescheduled.previous": "It was planned for {time}.",
  "email.appointment.cancelled.subject": "Appointment cancelled: {site}, {date}",
  "email.appointment.cancelled.byVisitor": "You cancelled your video appointment with {site}. Nothing more to do.",
  "email.appointment.cancelled.byAgent": "{site} had to cancel your video appointment. Sorry for the trouble.",
  "email.appointment.cancelled.again": "To book another time, open the chat on the website.",
  "email.appointment.when": "When",
  "email.appointment.teamTime": "For the team: {time}",
  "email.appointment.join": "Join",
  "email.appointment.joinHint": "At the time of the appointment, open this link to join the video call in your browser:",
  "email.appointment.manage": "Need another time, or can't make it? Reschedule or cancel here:",
  "email.appointment.reschedule": "Reschedule",
  "email.appointment.cancel": "Cancel",
  "email.appointment.calendar": "The attached file adds it to your calendar.",
  "email.appointment.calendarCancel": "The attached file removes it from your calendar.",
  "email.appointment.eventTitle": "Video call with {site}",
  "email.appointment.eventDescription": "Join the video call: {link}",

  // The visitor's page for their appointment (/a/<token>), from its emails.
  "page.appointment.title": "Your appointment with {site}",
  "page.appointment.with": "Video call with {site}",
  "page.appointment.join": "Join",
  "page.appointment.joinHint": "The call opens in your browser; come back to this link at the time of the appointment.",
  "page.appointment.times": "Times in {zone}.",
  "page.appointment.reschedule": "Pick another time",
  "page.appointment.cancel": "Cancel the appointment",
  "page.appointment.cancelQuestion": "Cancel this appointment? The time becomes free for someone else.",
  "page.appointment.cancelConfirm": "Yes, cancel it",
  "page.appointment.keep": "No, keep it",
  "page.appointment.pick": "Choose a new time",
  "page.appointment.move": "Move my appointment",
  "page.appointment.noSlots": "No other time is free in the next days. Keep this one, or cancel it and write to us on the website.",
  "page.appointment.slotTaken": "Someone has just booked that time. Please choose another one.",
  "page.appointment.badSlot": "Choose one of the times in the list.",
  "page.appointment.rescheduled": "Your appointment has moved. We have emailed you the new time.",
  "page.appointment.cancelledNow": "Your appointment is cancelled. We have emailed you a confirmation.",
  "page.appointment.cancelled": "This appointment was cancelled.",
  "page.appointment.badOrigin": "Nothing was changed: this form was not sent from this page. Open the link from the email again and try from there.",
  "page.appointment.limited": "Too many requests from your network. Wait a minute and try again.",
  "page.appointment.expired.title": "This appointment is over",
  "page.appointment.expired.body": "The link to manage an appointment works until it ends. To talk to us again, open the chat on the website.",
  "page.appointment.invalid.title": "This link does not work",
  "page.appointment.invalid.body": "This appointment link is incomplete or was changed. Open it again from the email you received.",

} as const;

export type TextKey = keyof typeof en;
export type Dictionary = Record<TextKey, string>;
