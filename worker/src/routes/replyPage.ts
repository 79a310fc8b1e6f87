// The public reply page of an emailed link: GET /r/<token> shows the thread and a form, POST
// appends the visitor's answer (once per form id) and redirects back to the page (PRG). The
// token opens one thread; an altered or expired link gets a page that says so. Both are limited
// per client address, and the POST must come from our own page (its Origin).
import { OFFLINE_MESSAGE_MAX, OfflineAnswerBodySchema } from "@raibu/protocol/offline";
import type { Lang } from "@raibu/protocol/lang";
import { eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getDb } from "../db/client";
import { workspaces } from "../db/schema";
import type { AppBindings } from "../env";
import { localeFromHeader } from "../lib/i18n";
import { isOwnOrigin } from "../lib/origin";
import { clientIp } from "../lib/rateLimit";
import { closedLinkPage, REPLY_PAGE_HEADERS, threadPage, type ThreadPageArgs } from "../offline/replyPageHtml";
import { openReplyToken, type ReplyTarget } from "../offline/replyTokens";
import { appendVisitorAnswer, threadMessages } from "../offline/threads";

const replyPage = new Hono<AppBindings>();

/** An answer is at most 5,000 characters, each up to 9 bytes once form-encoded. */
const FORM_BODY_LIMIT = 64 * 1024;
/** The limiters' period (wrangler.toml), for Retry-After. */
const LIMIT_PERIOD_SECONDS = 60;

function html(c: Context<AppBindings>, lang: Lang, body: string, status: 200 | 400 | 403 | 404 | 410 | 413 | 429): Response {
  return c.body(body, status, { ...REPLY_PAGE_HEADERS, "Content-Language": lang });
}

/** The site where a new conversation starts: the interface's first exact origin (no wildcard), if any. */
function siteOf(target: Extract<ReplyTarget, { iface: unknown }>): { name: string; url: string } | null {
  for (const origin of target.iface.allowedOrigins) {
    if (origin.includes("*")) continue;
    try {
      const url = new URL(origin);
      if (url.protocol === "https:" || url.protocol === "http:") return { name: target.thread.interfaceName, url: `${url.origin}/` };
    } catch {
      // not an origin: skip it
    }
  }
  return null;
}

/** The page for a link that opens nothing: 404 for an unknown or altered one, 410 once expired. */
function closedLink(c: Context<AppBindings>, target: ReplyTarget): Response {
  if (target.status === "expired") return html(c, target.thread.lang, closedLinkPage(target.thread.lang, "expired", siteOf(target)), 410);
  const lang = localeFromHeader(c.req.header("Accept-Language"));
  return html(c, lang, closedLinkPage(lang, "invalid", null), 404);
}

const validId = (id: string) => (OfflineAnswerBodySchema.shape.id.safeParse(id).success ? id : null);

async function limited(c: Context<AppBindings>, binding: "VISITOR_REPLY_PAGE_ADDRESS_LIMITER" | "VISITOR_ANSWER_ADDRESS_LIMITER"): Promise<Response | null> {
  const { success } = await c.env[binding].limit({ key: clientIp(c.req.raw.headers) });
  if (success) return null;
  const lang = localeFromHeader(c.req.header("Accept-Language"));
  c.header("Retry-After", String(LIMIT_PERIOD_SECONDS));
  return html(c, lang, closedLinkPage(lang, "limited", null), 429);
}

async function renderThread(c: Context<AppBindings>, target: Extract<ReplyTarget, { status: "valid" }>, page: Omit<ThreadPageArgs, "site" | "messages" | "timeZone" | "action">, status: 200 | 400 | 403) {
  const { thread } = target;
  const db = getDb(c.env.DB);
  const [messages, [workspace]] = await Promise.all([
    threadMessages(db, thread.workspaceId, thread.id),
    db.select({ timeZone: workspaces.timeZone }).from(workspaces).where(eq(workspaces.id, thread.workspaceId)).limit(1),
  ]);
  const body = threadPage(thread.lang, {
    ...page,
    site: thread.interfaceName,
    messages,
    timeZone: workspace?.timeZone ?? "UTC",
    action: `/r/${c.req.param("token")}`,
  });
  return html(c, thread.lang, body, status);
}

replyPage.get("/r/:token", async (c) => {
  const over = await limited(c, "VISITOR_REPLY_PAGE_ADDRESS_LIMITER");
  if (over) return over;
  const target = await openReplyToken(c.env, c.req.param("token"));
  if (target.status !== "valid") return closedLink(c, target);
  return renderThread(c, target, { formId: crypto.randomUUID(), sent: c.req.query("sent") === "1" }, 200);
});

replyPage.post(
  "/r/:token",
  bodyLimit({
    maxSize: FORM_BODY_LIMIT,
    onError: (c) => {
      const lang = localeFromHeader(c.req.header("Accept-Language"));
      return html(c, lang, closedLinkPage(lang, "invalid", null), 413);
    },
  }),
  async (c) => {
    const over = await limited(c, "VISITOR_ANSWER_ADDRESS_LIMITER");
    if (over) return over;
    const target = await openReplyToken(c.env, c.req.param("token"));
    if (target.status !== "valid") return closedLink(c, target);

    const form = await c.req.parseBody();
    const draft = typeof form.text === "string" ? form.text : "";
    const given = typeof form.id === "string" ? form.id : "";
    // Our own page has the console's origin; a form posted from another site does not.
    if (!isOwnOrigin(c.env, c.req.url, c.req.header("Origin"))) {
      return renderThread(c, target, { formId: crypto.randomUUID(), error: "badOrigin" }, 403);
    }
    const text = draft.trim();
    if (!text || text.length > OFFLINE_MESSAGE_MAX) {
      return renderThread(c, target, { formId: validId(given) ?? crypto.randomUUID(), draft, error: text ? "tooLong" : "empty" }, 400);
    }
    // Our form always has an id; one lost on the way gets a fresh one rather than losing the answer.
    const answer = OfflineAnswerBodySchema.parse({ id: validId(given) ?? crypto.randomUUID(), text });
    await appendVisitorAnswer(c.env, target.thread, { text: answer.text, via: "link", dedupeKey: answer.id });
    // Post/Redirect/Get: reloading the page that follows sends nothing again.
    return c.redirect(`/r/${c.req.param("token")}?sent=1`, 303);
  },
);

export default replyPage;
