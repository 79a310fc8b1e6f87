// The console's one API client: JSON over same-origin fetch, typed errors, and the
// single place where an expired session sends the agent back to the sign-in page.
import type { z } from "@hono/zod-openapi";
import type { AcceptInviteBodySchema, AgentPreferences, ChatInterfaceDetail, Contact, ContactFields, ConversationListQuerySchema, ConversationSummary, CreateInviteBodySchema, CreateInterfaceBodySchema, FlowDocument, Invite, LoginBodySchema, Me, OutboxEmail, ResetConfirmBodySchema, ResetRequestBodySchema, TeamMember, UpdateInterfaceBodySchema, UpdateMeBodySchema, UpdateMemberBodySchema, Note, Visitor, VisitorDetail } from "@raibu/protocol/api";
import type { InterfaceAppearanceSchema } from "@raibu/protocol/widgetApi";
import type { Flow } from "@raibu/protocol/flow";
import type { Lang } from "@raibu/protocol/lang";
import type { Attachment, ConversationView } from "@raibu/protocol/realtime";
import type { PastConversation } from "@raibu/protocol/history";
import type { OfflineCounts, OfflineListQuery, OfflineMessage, OfflineThreadDetail, OfflineThreadPage, OfflineThreadSummary, OfflineThreadUpdateSchema } from "@raibu/protocol/offline";
import type { Appointment, AppointmentList, AppointmentSettings } from "@raibu/protocol/appointments";
import type { Metrics, MetricsQuery } from "@raibu/protocol/metrics";
import type { ContactDetail, ContactListQuery, ContactPage, ContactUpdateSchema, ErasureReport } from "@raibu/protocol/contacts";
import type { CreateSavedReplyBodySchema, SavedReply, UpdateSavedReplyBodySchema } from "@raibu/protocol/savedReplies";
import type { CrmErrorPage, CrmProvider, Delivery, Integration, IntegrationBodySchema, WebhookEndpoint, WebhookEndpointBodySchema, WebhookEndpointCreatedSchema } from "@raibu/protocol/integrations";
import { apiErrorFrom, networkError } from "../../../client/apiError";
import { loginUrl } from "./paths";
import { createProvider } from "./createProvider";

export type {
  Attachment,
  ChatInterfaceDetail,
  Contact,
  ContactFields,
  ConversationSummary,
  ConversationView,
  Flow,
  FlowDocument,
  Invite,
  Me,
  Note,
  OutboxEmail,
  TeamMember,
  Visitor,
  VisitorDetail,
};
export type ConversationQuery = Partial<z.input<typeof ConversationListQuerySchema>>;
export type InterfaceSummary = { id: string; name: string; language: Lang };
export type Role = Me["role"];
export type Availability = Me["availability"];
export type InvitePreview = { email: string; workspaceName: string; role: Role };
export type UpdateMeBody = z.input<typeof UpdateMeBodySchema>;
export type CreateInviteBody = z.input<typeof CreateInviteBodySchema>;
export type CreateInterfaceBody = z.input<typeof CreateInterfaceBodySchema>;
export type UpdateInterfaceBody = z.input<typeof UpdateInterfaceBodySchema>;
export type InterfaceAppearance = z.infer<typeof InterfaceAppearanceSchema>;
export type ContactListParams = Partial<Record<keyof ContactListQuery, string>>;

/** Every failed call throws an ApiError: the server's `{ error: { code, message } }`, or `network`. */
export { ApiError } from "../../../client/apiError";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type ApiOptions = {
  /** Called when a signed-in call answers 401; the default reloads on the sign-in page. */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
};

export function createApi(options: ApiOptions = {}) {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const onUnauthorized = options.onUnauthorized ?? (() => window.location.assign(loginUrl()));

  async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    // A FormData body (an upload) goes as multipart; the browser writes its Content-Type.
    const multipart = body instanceof FormData;
    let res: Response;
    try {
      res = await doFetch(path, {
        method,
        credentials: "same-origin",
        headers:
          method === "GET" || multipart ? { Accept: "application/json" } : { Accept: "application/json", "Content-Type": "application/json" },
        body: method === "GET" ? undefined : multipart ? body : JSON.stringify(body ?? {}),
      });
    } catch {
      throw networkError();
    }
    const data: unknown = await res.json().catch(() => null);
    if (res.ok) return data as T;
    const failure = apiErrorFrom(res.status, data, res.headers.get("Retry-After"));
    // Auth endpoints answer 401 for wrong credentials: that is a form error, not an expired session.
    if (res.status === 401 && !path.startsWith("/api/auth/")) onUnauthorized();
    throw failure;
  }

  return {
    login: (body: z.input<typeof LoginBodySchema>) => request<Me>("POST", "/api/auth/login", body),
    logout: () => request<{ ok: true }>("POST", "/api/auth/logout"),
    requestPasswordReset: (body: z.input<typeof ResetRequestBodySchema>) => request<{ ok: true }>("POST", "/api/auth/password-reset", body),
    confirmPasswordReset: (body: z.input<typeof ResetConfirmBodySchema>) =>
      request<{ ok: true }>("POST", "/api/auth/password-reset/confirm", body),
    previewInvite: (token: string) => request<InvitePreview>("POST", "/api/auth/invites/preview", { token }),
    acceptInvite: (body: z.input<typeof AcceptInviteBodySchema>) => request<Me>("POST", "/api/auth/invites/accept", body),

    me: () => request<Me>("GET", "/api/me"),
    updateMe: (body: UpdateMeBody) => request<Me>("PATCH", "/api/me", body),
    preferences: () => request<AgentPreferences>("GET", "/api/me/preferences"),
    savePreferences: (body: AgentPreferences) => request<AgentPreferences>("PUT", "/api/me/preferences", body),

    members: () => request<{ members: TeamMember[] }>("GET", "/api/users"),
    updateMember: (id: string, body: z.input<typeof UpdateMemberBodySchema>) =>
      request<TeamMember>("PATCH", `/api/users/${encodeURIComponent(id)}`, body),
    removeMember: (id: string) => request<{ ok: true }>("DELETE", `/api/users/${encodeURIComponent(id)}`),
    invites: () => request<{ invites: Invite[] }>("GET", "/api/users/invites"),
    createInvite: (body: CreateInviteBody) => request<Invite>("POST", "/api/users/invites", body),
    revokeInvite: (id: string) => request<{ ok: true }>("DELETE", `/api/users/invites/${encodeURIComponent(id)}`),

    outbox: () => request<{ emails: OutboxEmail[] }>("GET", "/api/dev/outbox"),

    conversations: (query: ConversationQuery = {}) => {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== "") params.set(key, String(value));
      const search = params.toString();
      return request<{ conversations: ConversationSummary[] }>("GET", `/api/conversations${search ? `?${search}` : ""}`);
    },
    interfaces: () => request<{ interfaces: InterfaceSummary[] }>("GET", "/api/interfaces"),
    chatInterface: (id: string) => request<ChatInterfaceDetail>("GET", interfacePath(id)),
    createInterface: (body: CreateInterfaceBody) => request<ChatInterfaceDetail>("POST", "/api/interfaces", body),
    updateInterface: (id: string, body: UpdateInterfaceBody) => request<ChatInterfaceDetail>("PATCH", interfacePath(id), body),
    updateWorkspace: (body: { timeZone: string }) => request<Me["workspace"]>("PATCH", "/api/workspace", body),
    rotateInterfaceSecret: (id: string) => request<ChatInterfaceDetail>("POST", `${interfacePath(id)}/secret`),
    flow: (id: string) => request<FlowDocument>("GET", `${interfacePath(id)}/flow`),
    saveFlow: (id: string, flow: Flow) => request<FlowDocument>("PUT", `${interfacePath(id)}/flow`, { flow }),
    publishFlow: (id: string) => request<FlowDocument>("POST", `${interfacePath(id)}/flow/publish`),
    /** `takeOverFrom`: an admin takes the named colleague's conversation over (they are told). */
    assign: (id: string, takeOverFrom?: string) =>
      request<{ conversation: ConversationView }>("POST", `${conversationPath(id)}/assign`, takeOverFrom ? { takeOverFrom } : undefined),
    accept: (id: string) => request<{ conversation: ConversationView }>("POST", `${conversationPath(id)}/accept`),
    transfer: (id: string, userId: string) => request<{ conversation: ConversationView }>("POST", `${conversationPath(id)}/transfer`, { userId }),
    close: (id: string) => request<{ conversation: ConversationView }>("POST", `${conversationPath(id)}/close`),
    upload: (id: string, file: File) => {
      const form = new FormData();
      form.append("file", file);
      return request<Attachment>("POST", `${conversationPath(id)}/attachments`, form);
    },

    visitor: (id: string) => request<VisitorDetail>("GET", `/api/visitors/${encodeURIComponent(id)}`),
    saveContact: (visitorId: string, fields: ContactFields) => request<Contact>("PUT", `/api/visitors/${encodeURIComponent(visitorId)}/contact`, fields),
    addNote: (visitorId: string, body: string) => request<Note>("POST", `/api/visitors/${encodeURIComponent(visitorId)}/notes`, { body }),
    editNote: (id: string, body: string) => request<Note>("PATCH", `/api/notes/${encodeURIComponent(id)}`, { body }),
    deleteNote: (id: string) => request<{ ok: true }>("DELETE", `/api/notes/${encodeURIComponent(id)}`),
    visitorConversations: (visitorId: string) =>
      request<{ conversations: PastConversation[] }>("GET", `/api/visitors/${encodeURIComponent(visitorId)}/conversations`),

    savedReplies: () => request<{ replies: SavedReply[] }>("GET", "/api/saved-replies"),
    createSavedReply: (body: z.input<typeof CreateSavedReplyBodySchema>) => request<SavedReply>("POST", "/api/saved-replies", body),
    updateSavedReply: (id: string, body: z.input<typeof UpdateSavedReplyBodySchema>) =>
      request<SavedReply>("PATCH", `/api/saved-replies/${encodeURIComponent(id)}`, body),
    deleteSavedReply: (id: string) => request<{ ok: true }>("DELETE", `/api/saved-replies/${encodeURIComponent(id)}`),

    offlineThreads: (query: Partial<Record<keyof OfflineListQuery, string>>) =>
      request<OfflineThreadPage>("GET", `/api/offline/threads?${new URLSearchParams(query)}`),
    offlineThread: (id: string) => request<OfflineThreadDetail>("GET", offlinePath(id)),
    updateOfflineThread: (id: string, body: z.input<typeof OfflineThreadUpdateSchema>) => request<OfflineThreadSummary>("PATCH", offlinePath(id), body),
    /** `messageId` is this console's: the same reply sent twice is stored and emailed once. */
    replyOffline: (id: string, messageId: string, text: string) => request<OfflineMessage>("POST", `${offlinePath(id)}/replies`, { id: messageId, text }),
    retryOfflineReply: (id: string, messageId: string) => request<OfflineMessage>("POST", `${offlinePath(id)}/messages/${encodeURIComponent(messageId)}/retry`),
    offlineCounts: () => request<OfflineCounts>("GET", "/api/offline/counts"),

    appointmentSettings: (id: string) => request<AppointmentSettings>("GET", `${interfacePath(id)}/appointment-settings`),
    saveAppointmentSettings: (id: string, body: AppointmentSettings) => request<AppointmentSettings>("PUT", `${interfacePath(id)}/appointment-settings`, body),
    appointments: (query: { when: "upcoming" | "past"; limit?: number; cursor?: string; interfaceId?: string }) =>
      request<AppointmentList>("GET", `/api/appointments?${new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]))}`),
    metrics: (query: MetricsQuery) =>
      request<Metrics>("GET", `/api/metrics?${new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]))}`),
    cancelAppointment: (id: string) => request<Appointment>("POST", `/api/appointments/${encodeURIComponent(id)}/cancel`),

    contacts: (query: ContactListParams) => request<ContactPage>("GET", `/api/contacts?${new URLSearchParams(query)}`),
    contact: (id: string) => request<ContactDetail>("GET", contactPath(id)),
    updateContact: (id: string, body: z.input<typeof ContactUpdateSchema>) => request<Contact>("PATCH", contactPath(id), body),
    /** Folds `otherId` into `id`; answers the contact as merged. */
    mergeContact: (id: string, otherId: string) => request<ContactDetail>("POST", `${contactPath(id)}/merge`, { otherId }),
    deleteContact: (id: string) => request<ErasureReport>("DELETE", contactPath(id)),
    /** The CSV export's response, to read as a stream (components/contacts/csvDownload.ts); a refusal throws like any call. */
    exportContacts: async (query: ContactListParams, signal?: AbortSignal): Promise<Response> => {
      let res: Response;
      try {
        res = await doFetch(`/api/contacts/export.csv?${new URLSearchParams(query)}`, { credentials: "same-origin", headers: { Accept: "text/csv" }, signal });
      } catch (err) {
        if (signal?.aborted) throw err;
        throw networkError();
      }
      if (res.ok) return res;
      const data: unknown = await res.json().catch(() => null);
      if (res.status === 401) onUnauthorized();
      throw apiErrorFrom(res.status, data, res.headers.get("Retry-After"));
    },

    webhooks: () => request<{ endpoints: WebhookEndpoint[] }>("GET", "/api/webhooks"),
    createWebhook: (body: z.input<typeof WebhookEndpointBodySchema>) => request<z.infer<typeof WebhookEndpointCreatedSchema>>("POST", "/api/webhooks", body),
    /** `status: "active"` resumes a paused endpoint. */
    updateWebhook: (id: string, body: Partial<z.input<typeof WebhookEndpointBodySchema>> & { status?: WebhookEndpoint["status"] }) =>
      request<WebhookEndpoint>("PATCH", webhookPath(id), body),
    deleteWebhook: (id: string) => request<{ ok: true }>("DELETE", webhookPath(id)),
    testWebhook: (id: string) => request<Delivery>("POST", `${webhookPath(id)}/test`),
    deliveries: (id: string, cursor?: string) =>
      request<{ deliveries: Delivery[]; nextCursor: string | null }>("GET", `${webhookPath(id)}/deliveries${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`),
    resendDelivery: (id: string) => request<Delivery>("POST", `/api/deliveries/${encodeURIComponent(id)}/resend`),
    integrations: () => request<{ integrations: Integration[] }>("GET", "/api/integrations"),
    saveIntegration: (provider: CrmProvider, body: z.input<typeof IntegrationBodySchema>) => request<Integration>("PUT", `/api/integrations/${provider}`, body),
    disconnectIntegration: (provider: CrmProvider) => request<{ ok: true }>("DELETE", `/api/integrations/${provider}`),
    syncIntegration: (provider: CrmProvider) => request<Integration>("POST", `/api/integrations/${provider}/sync`),
    integrationErrors: (provider: CrmProvider, cursor?: string) =>
      request<CrmErrorPage>("GET", `/api/integrations/${provider}/errors${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`),
  };
}

const conversationPath = (id: string) => `/api/conversations/${encodeURIComponent(id)}`;
const offlinePath = (id: string) => `/api/offline/threads/${encodeURIComponent(id)}`;
const contactPath = (id: string) => `/api/contacts/${encodeURIComponent(id)}`;
const interfacePath = (id: string) => `/api/interfaces/${encodeURIComponent(id)}`;
const webhookPath = (id: string) => `/api/webhooks/${encodeURIComponent(id)}`;

export type Api = ReturnType<typeof createApi>;

export const [ApiProvider, useApi] = createProvider<Api>("Api");
