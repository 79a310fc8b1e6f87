// The widget's one HTTP client: the session, identity, new conversations, uploads, earlier
// conversations, and an interface's public look (for the console's preview). Views loaded on
// demand call `call` with their own routes, so their paths stay out of every first load.
// Errors come back as ApiError with the server's `{ error: { code, message } }`.
import type { z } from "@hono/zod-openapi";
import type { IdentifyBodySchema, WidgetConfig, WidgetSession, WidgetSessionBodySchema } from "@raibu/protocol/widgetApi";
import type { WidgetHistory } from "@raibu/protocol/history";
import type { Attachment } from "@raibu/protocol/realtime";
import { ApiError, apiErrorFrom, networkError } from "../../../client/apiError";
import { heardServerTime } from "./serverClock";

export type { WidgetSession };
export type SessionBody = z.input<typeof WidgetSessionBodySchema>;
export type IdentifyBody = z.input<typeof IdentifyBodySchema>;

export { ApiError };

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** POSTs `body` as JSON; with no body, GETs. */
export async function call<T>(path: string, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = body === undefined ? {} : { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(path, body === undefined ? { headers } : { method: "POST", headers, body: JSON.stringify(body) });
  } catch {
    throw networkError();
  }
  // Its Date (whole seconds, so never ahead) sets the countdowns' clock (serverClock.ts).
  heardServerTime(Date.parse(response.headers.get("date") ?? ""));
  const data = parseJson(await response.text());
  if (!response.ok) throw apiErrorFrom(response.status, data, response.headers.get("Retry-After"));
  return data as T;
}

export const api = {
  config: (interfaceId: string) => call<WidgetConfig>(`/api/widget/interfaces/${encodeURIComponent(interfaceId)}`),

  session: (body: SessionBody) => call<WidgetSession>("/api/widget/session", body),

  /** The answer's shape is not fixed by the protocol; callers read what they recognise. */
  identify: (token: string, body: IdentifyBody) => call<Record<string, unknown> | null>("/api/widget/identify", body, token),

  newConversation: (token: string) => call<{ conversationId: string }>("/api/widget/conversations", {}, token),

  /** The visitor's own closed conversations, newest first, read-only. */
  history: (token: string) => call<WidgetHistory>("/api/widget/history", undefined, token),

  /** XMLHttpRequest rather than fetch: only it reports upload progress. */
  upload(token: string, conversationId: string, file: File, onProgress: (fraction: number) => void): Promise<Attachment & { url?: string }> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `/api/widget/attachments?conversation=${encodeURIComponent(conversationId)}`);
      xhr.setRequestHeader("authorization", `Bearer ${token}`);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      };
      xhr.onload = () => {
        const data = parseJson(xhr.responseText);
        if (xhr.status >= 200 && xhr.status < 300 && data) resolve(data as Attachment & { url?: string });
        else reject(apiErrorFrom(xhr.status, data, xhr.getResponseHeader("Retry-After")));
      };
      xhr.onerror = () => reject(networkError());
      const form = new FormData();
      form.append("file", file, file.name);
      xhr.send(form);
    });
  },
};
