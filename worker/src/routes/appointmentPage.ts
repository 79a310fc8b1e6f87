// The visitor's appointment page from its emails: GET /a/<token> shows it (in the visitor's zone,
// with Join), `?step=cancel` asks to confirm, `?step=reschedule` lists the free slots of the next
// days; POST …/cancel and …/reschedule change it, tell the consoles, email the visitor, and
// redirect back (PRG).
// The token opens one appointment; the POSTs must come from our own page (Origin); both are limited
// per client address.
import type { Lang } from "@raibu/protocol/lang";
import { canonicalTimeZone } from "@raibu/protocol/businessHours";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { appointmentCallUrl, bookedNear, cancelAppointment, rescheduleAppointment } from "../appointments/bookings";
import { afterCancelled, afterRescheduled } from "../appointments/notify";
import { closedManagePage, managePage, type ManageNotice, type ManagePageArgs } from "../appointments/managePageHtml";
import { openManageToken, signManageToken, type ManageTarget } from "../appointments/manageTokens";
import { loadAppointmentSettings } from "../appointments/settings";
import { freeSlots, type Slot } from "../appointments/slots";
import { getDb } from "../db/client";
import type { AppBindings } from "../env";
import { localeFromHeader } from "../lib/i18n";
import { appOrigin, isOwnOrigin } from "../lib/origin";
import { clientIp } from "../lib/rateLimit";
import { REPLY_PAGE_HEADERS } from "../offline/replyPageHtml";

const appointmentPage = new Hono<AppBindings>();

const DAY_MS = 24 * 60 * 60 * 1000;
/** The reschedule list covers this many days at most (fewer when the interface books less far ahead). */
const LIST_DAYS = 7;
/** A form of one radio: a few bytes. */
const FORM_BODY_LIMIT = 4 * 1024;
const LIMIT_PERIOD_SECONDS = 60;

type Status = 200 | 400 | 403 | 404 | 409 | 410 | 413 | 429;
type Open = Extract<ManageTarget, { status: "valid" }>;

function html(c: Context<AppBindings>, lang: Lang, body: string, status: Status): Response {
  return c.body(body, status, { ...REPLY_PAGE_HEADERS, "Content-Language": lang });
}

const headerLang = (c: Context<AppBindings>) => localeFromHeader(c.req.header("Accept-Language"));

async function limited(c: Context<AppBindings>, binding: "VISITOR_APPOINTMENT_PAGE_ADDRESS_LIMITER" | "VISITOR_APPOINTMENT_CHANGE_ADDRESS_LIMITER"): Promise<Response | null> {
  const { success } = await c.env[binding].limit({ key: clientIp(c.req.raw.headers) });
  if (success) return null;
  c.header("Retry-After", String(LIMIT_PERIOD_SECONDS));
  return html(c, headerLang(c), closedManagePage(headerLang(c), "limited"), 429);
}

/** The appointment the token opens, or the page that says why not: 404 altered or unknown, 410 over. */
async function open(c: Context<AppBindings>): Promise<Open | Response> {
  const target = await openManageToken(c.env, c.req.param("token") ?? "");
  if (target.status === "valid") return target;
  if (target.status === "expired") return html(c, target.appointment.lang, closedManagePage(target.appointment.lang, "expired"), 410);
  return html(c, headerLang(c), closedManagePage(headerLang(c), "invalid"), 404);
}

/** The free slots from now over the next days, without the appointment's own. */
async function slotsFor(c: Context<AppBindings>, target: Open, now = Date.now()): Promise<Slot[]> {
  const { appointment } = target;
  const db = getDb(c.env.DB);
  const iface = await loadAppointmentSettings(db, appointment.interfaceId, appointment.workspaceId);
  if (!iface?.settings.enabled) return [];
  const to = now + Math.min(LIST_DAYS, iface.settings.daysAhead) * DAY_MS;
  const booked = await bookedNear(db, appointment.interfaceId, now, to, appointment.id);
  return freeSlots({ settings: iface.settings, timeZone: iface.timeZone, booked, now, from: now, to }).filter((s) => s.startsAt !== appointment.startsAt);
}

async function render(c: Context<AppBindings>, target: Open, page: Pick<ManagePageArgs, "step" | "notice">, status: Status, path = `/a/${c.req.param("token")}`) {
  const { appointment, iface } = target;
  const origin = appOrigin(c.env, c.req.url);
  const teamZone = (await loadAppointmentSettings(getDb(c.env.DB), appointment.interfaceId, appointment.workspaceId))?.timeZone ?? "UTC";
  const body = managePage(appointment.lang, {
    site: iface.name,
    startsAt: appointment.startsAt,
    endsAt: appointment.endsAt,
    status: appointment.status,
    timeZone: canonicalTimeZone(appointment.visitorTimeZone) ?? teamZone,
    callUrl: await appointmentCallUrl({ interfaceId: iface.id, signingKey: iface.signingKey, appOrigin: origin }, appointment, "visitor"),
    path,
    slots: page.step === "reschedule" && appointment.status === "booked" ? await slotsFor(c, target) : undefined,
    ...page,
  });
  return html(c, appointment.lang, body, status);
}

const DONE: Record<string, ManageNotice> = { rescheduled: "rescheduled", cancelled: "cancelledNow" };

appointmentPage.get("/a/:token", async (c) => {
  const over = await limited(c, "VISITOR_APPOINTMENT_PAGE_ADDRESS_LIMITER");
  if (over) return over;
  const target = await open(c);
  if (target instanceof Response) return target;
  const step = c.req.query("step");
  return render(c, target, { step: step === "cancel" || step === "reschedule" ? step : "view", notice: DONE[c.req.query("done") ?? ""] }, 200);
});

/** Limits, the token and the Origin, shared by both changes; a Response when the change may not go on. */
async function guard(c: Context<AppBindings>, step: "cancel" | "reschedule"): Promise<Open | Response> {
  const over = await limited(c, "VISITOR_APPOINTMENT_CHANGE_ADDRESS_LIMITER");
  if (over) return over;
  const target = await open(c);
  if (target instanceof Response) return target;
  // Our own page has the deployment's origin; a form posted from another site does not.
  if (!isOwnOrigin(c.env, c.req.url, c.req.header("Origin"))) return render(c, target, { step, notice: "badOrigin" }, 403);
  return target;
}

const formLimit = bodyLimit({ maxSize: FORM_BODY_LIMIT, onError: (c) => html(c, headerLang(c), closedManagePage(headerLang(c), "invalid"), 413) });

appointmentPage.post("/a/:token/cancel", formLimit, async (c) => {
  const target = await guard(c, "cancel");
  if (target instanceof Response) return target;
  const result = await cancelAppointment(c.env, { manageKey: target.appointment.manageKey }, "visitor");
  // The consoles hear of it and the visitor gets the email; neither failing undoes the cancellation.
  if (result.ok && result.changed) await afterCancelled(c.env, result.row, result.appointment, "visitor", appOrigin(c.env, c.req.url));
  // Cancelled now or before: the page says so either way; reloading it sends nothing again.
  return c.redirect(`/a/${c.req.param("token")}?done=cancelled`, 303);
});

appointmentPage.post("/a/:token/reschedule", formLimit, async (c) => {
  const target = await guard(c, "reschedule");
  if (target instanceof Response) return target;
  const form = await c.req.parseBody();
  const startsAt = typeof form.startsAt === "string" && /^\d{1,15}$/.test(form.startsAt) ? Number(form.startsAt) : null;
  if (startsAt === null) return render(c, target, { step: "reschedule", notice: "badSlot" }, 400);

  const previousStartsAt = target.appointment.startsAt;
  const result = await rescheduleAppointment(c.env, { manageKey: target.appointment.manageKey }, startsAt);
  if (!result.ok) {
    if (result.code === "slot_taken") return render(c, target, { step: "reschedule", notice: "slotTaken" }, 409);
    if (result.code === "cancelled" || result.code === "not_found") return c.redirect(`/a/${c.req.param("token")}`, 303);
    return render(c, target, { step: "reschedule", notice: "badSlot" }, result.code === "appointments_off" ? 409 : 400);
  }
  if (result.changed) await afterRescheduled(c.env, result.row, result.appointment, previousStartsAt, appOrigin(c.env, c.req.url));
  // The link expires with the appointment, so the new time gets a new link (the one its email carries too).
  return c.redirect(`/a/${await signManageToken(target.iface.signingKey, result.row)}?done=rescheduled`, 303);
});

export default appointmentPage;
