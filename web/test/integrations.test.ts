// Settings → Integrations' pure parts: the events checklist and the body it sends, the address
// checked as the server's schema checks it, the mapping editor's rows and the object they save,
// « Sync now »'s progress, the delivery log's pages, and the page's texts in both languages.
// zod's OpenAPI extension first: the protocol's schemas need it as they load.
import "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { CRM_PROVIDERS, IntegrationBodySchema, MAPPABLE_FIELDS, WEBHOOK_EVENTS, WebhookEndpointBodySchema, type Delivery, type Integration } from "@raibu/protocol/integrations";
import { EVENTS, PROVIDERS, ROW_FIELDS } from "../src/components/integrations/catalog";
import { mergeDeliveries } from "../src/components/integrations/deliveryList";
import { keyOf, mappingFrom, newRow, rowsFrom, type MappingRow } from "../src/components/integrations/mappingRows";
import { pollDelay, syncState } from "../src/components/integrations/syncProgress";
import { crmEn, crmFr } from "../src/components/integrations/crmTexts";
import { integrationEn, integrationFr } from "../src/components/integrations/texts";
import { webhookEn, webhookFr } from "../src/components/integrations/webhookTexts";
import { checksFrom, checkWebhookForm, eventsFrom, urlProblem, webhookChanges } from "../src/components/integrations/webhookForm";
import { isMappableKey } from "../../worker/src/integrations/crm/adapter";
import { HUBSPOT_DEFAULT_MAPPING } from "../../worker/src/integrations/crm/hubspot";
import { PIPEDRIVE_DEFAULT_MAPPING } from "../../worker/src/integrations/crm/pipedrive";

describe("the console's copies of the protocol's lists", () => {
  it("the page's events, providers and fields are the protocol's (plus the name's two halves the server accepts)", () => {
    expect(EVENTS).toEqual(WEBHOOK_EVENTS);
    expect(PROVIDERS).toEqual(CRM_PROVIDERS);
    expect(ROW_FIELDS.filter((f) => f !== "firstName" && f !== "lastName")).toEqual(MAPPABLE_FIELDS);
    for (const field of ROW_FIELDS) expect(isMappableKey(field), field).toBe(true);
  });
});

describe("the events checklist", () => {
  it("ticks exactly the endpoint's events and gives the ticked ones back in the protocol's order", () => {
    const checks = checksFrom(["appointment.booked", "contact.created", "not.an.event"]);
    expect(Object.keys(checks)).toEqual([...WEBHOOK_EVENTS]);
    expect(Object.entries(checks).filter(([, on]) => on).map(([event]) => event)).toEqual(["contact.created", "appointment.booked"]);
    checks["contact.deleted"] = true;
    checks["contact.created"] = false;
    expect(eventsFrom(checks)).toEqual(["contact.deleted", "appointment.booked"]);
  });

  it("a form with an https address and ticked events becomes a body the server's schema accepts, the address trimmed", () => {
    const { body, problems } = checkWebhookForm({ url: "  https://hooks.example.com/raibu  ", events: checksFrom(["contact.updated", "contact.created"]) });
    expect(problems).toEqual({});
    expect(body).toEqual({ url: "https://hooks.example.com/raibu", events: ["contact.created", "contact.updated"] });
    expect(WebhookEndpointBodySchema.safeParse(body).success).toBe(true);
  });

  it("no event ticked is refused like the server refuses it, and so is an empty address", () => {
    const { body, problems } = checkWebhookForm({ url: "", events: checksFrom([]) });
    expect(body).toBeNull();
    expect(problems).toEqual({ url: "required", events: "required" });
    const server = WebhookEndpointBodySchema.safeParse({ url: "https://hooks.example.com/", events: [] });
    expect(server.error?.issues.map((i) => i.message)).toEqual([webhookEn["webhooks.eventsRequired"]]);
  });

  it("an edit sends only what changed: the events compared as a set", () => {
    const before = { url: "https://a.example.com/x", events: ["contact.created", "contact.updated"] as const };
    expect(webhookChanges({ ...before, events: [...before.events] }, { url: before.url, events: ["contact.updated", "contact.created"] })).toBeNull();
    expect(webhookChanges({ ...before, events: [...before.events] }, { url: "https://b.example.com/x", events: ["contact.created"] })).toEqual({
      url: "https://b.example.com/x",
      events: ["contact.created"],
    });
  });
});

describe("the address check mirrors the server's https rule", () => {
  const urlSchema = WebhookEndpointBodySchema.shape.url;
  const cases = [
    "https://hooks.example.com/raibu",
    "  https://hooks.example.com/with-spaces  ",
    "HTTPS://EXAMPLE.COM/upper",
    "https://10.0.0.1/x",
    "https:hooks.example.com",
    "http://hooks.example.com/raibu",
    "ftp://example.com/",
    "hooks.example.com/raibu",
    "https//example.com",
    "https://",
    "javascript:alert(1)",
    `https://example.com/${"a".repeat(1981)}`,
    `https://example.com/${"a".repeat(1980)}`,
  ];

  it("accepts exactly the addresses the server's schema accepts", () => {
    for (const url of cases) expect(urlProblem(url) === null, url).toBe(urlSchema.safeParse(url).success);
  });

  it("says the server's words for an address that is not https, and the length the schema allows", () => {
    expect(urlProblem("http://hooks.example.com/")).toBe("https");
    expect(urlProblem("not a url")).toBe("https");
    expect(urlSchema.safeParse("http://hooks.example.com/").error?.issues[0]?.message).toBe(webhookEn["webhooks.urlHttps"]);
    expect(urlProblem(`https://example.com/${"a".repeat(1981)}`)).toBe("tooLong");
    expect(urlProblem("   ")).toBe("required");
  });

  it("leaves a private host to the server, which alone can judge it", () => {
    expect(urlProblem("https://10.0.0.1/x")).toBeNull();
    expect(urlProblem("https://localhost/x")).toBeNull();
  });
});

describe("the mapping editor's rows", () => {
  it("shows Raibu's fields in their usual order, then custom fields by name, and saves back the same object", () => {
    const mapping = { "custom.plan": "plan_tier", email: "email", lastName: "lastname", firstName: "firstname", "custom.age": "age", phone: "phone" };
    const rows = rowsFrom(mapping);
    expect(rows.map((r) => keyOf(r))).toEqual(["firstName", "lastName", "email", "phone", "custom.age", "custom.plan"]);
    expect(rows[4]).toEqual({ field: "custom", customKey: "age", property: "age" });
    expect(mappingFrom(rows)).toEqual({ mapping, problems: {} });
  });

  it("both providers' default mappings go through the rows unchanged, and a key it does not know is kept", () => {
    for (const mapping of [HUBSPOT_DEFAULT_MAPPING, PIPEDRIVE_DEFAULT_MAPPING, { someday: "x" }]) {
      expect(mappingFrom(rowsFrom(mapping)).mapping).toEqual(mapping);
    }
  });

  it("marks each bad row with its problem and saves nothing until they are fixed", () => {
    const rows: MappingRow[] = [
      { field: "email", customKey: "", property: "email" },
      { field: "email", customKey: "", property: "other_email" },
      { field: "phone", customKey: "", property: "  " },
      { field: "company", customKey: "", property: "company name" },
      { field: "custom", customKey: "", property: "x" },
      { field: "custom", customKey: "has space", property: "x" },
      { field: "city", customKey: "", property: " city " },
    ];
    expect(mappingFrom(rows)).toEqual({
      mapping: null,
      problems: { 1: "fieldTaken", 2: "propertyRequired", 3: "propertyInvalid", 4: "customKeyInvalid", 5: "customKeyInvalid" },
    });
  });

  it("what the rows save is a mapping the server takes: known keys, property names it accepts", () => {
    const rows: MappingRow[] = [
      { field: "name", customKey: "", property: "full_name" },
      { field: "custom", customKey: " loyalty.tier-2 ", property: "tier" },
      { field: "city", customKey: "", property: " city " },
    ];
    const { mapping } = mappingFrom(rows);
    expect(mapping).toEqual({ name: "full_name", "custom.loyalty.tier-2": "tier", city: "city" });
    expect(IntegrationBodySchema.safeParse({ mapping }).success).toBe(true);
    for (const key of Object.keys(mapping!)) expect(isMappableKey(key), key).toBe(true);
  });

  it("a new row takes the first field no row maps yet, then a custom field", () => {
    expect(newRow(rowsFrom({ name: "n", firstName: "f" })).field).toBe("lastName");
    expect(newRow(rowsFrom(Object.fromEntries(ROW_FIELDS.map((f) => [f, f])))).field).toBe("custom");
  });
});

describe("« Sync now »'s progress", () => {
  const sync = (s: Partial<Integration["sync"]>): Integration["sync"] => ({ total: 0, done: 0, failed: 0, startedAt: null, finishedAt: null, ...s });

  it("counts sent and failed contacts as handled, in whole percent rounded down so it never says 100 early", () => {
    expect(syncState(sync({ total: 3, done: 1, failed: 1, startedAt: 1 }))).toEqual({ running: true, handled: 2, percent: 66, done: 1, failed: 1, total: 3 });
    expect(syncState(sync({ total: 1000, done: 999, startedAt: 1 })).percent).toBe(99);
    expect(syncState(sync({ total: 4, done: 3, failed: 1, startedAt: 1, finishedAt: 2 }))).toMatchObject({ running: false, handled: 4, percent: 100 });
  });

  it("a sync of no contact is finished at 100 %, one just started at 0 %, and counters past the total stay at 100 %", () => {
    expect(syncState(sync({ startedAt: 1, finishedAt: 1 }))).toMatchObject({ running: false, percent: 100 });
    expect(syncState(sync({ startedAt: 1 }))).toMatchObject({ running: true, percent: 0 });
    expect(syncState(sync({ total: 2, done: 2, failed: 1, startedAt: 1 }))).toMatchObject({ handled: 2, percent: 100 });
    expect(syncState(sync({})).running).toBe(false);
  });

  it("asks again within a second at first, then less often, never more than every 4 s apart", () => {
    expect(pollDelay(0)).toBe(1000);
    expect(pollDelay(2)).toBe(2000);
    expect(pollDelay(100)).toBe(4000);
  });
});

describe("the delivery log's pages", () => {
  const delivery = (id: string, createdAt: number, status: Delivery["status"] = "queued"): Delivery => ({
    id,
    event: "ping",
    eventId: `e-${id}`,
    status,
    attempts: 0,
    responseCode: null,
    durationMs: null,
    lastError: null,
    createdAt,
    deliveredAt: null,
  });

  it("a fresh read replaces the rows it holds, keeps the older pages, and keeps the newest first", () => {
    const known = [delivery("c", 30), delivery("b", 20), delivery("a", 10, "failed")];
    const merged = mergeDeliveries(known, [delivery("d", 40), delivery("c", 30, "delivered")]);
    expect(merged.map((d) => [d.id, d.status])).toEqual([
      ["d", "queued"],
      ["c", "delivered"],
      ["b", "queued"],
      ["a", "failed"],
    ]);
  });
});

describe("Settings → Integrations' texts", () => {
  it("French and English have the same keys and the same placeholders, in the page's texts and each section's", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();
    for (const [en, fr] of [
      [integrationEn, integrationFr],
      [webhookEn, webhookFr],
      [crmEn, crmFr],
    ] as Array<[Record<string, string>, Record<string, string>]>) {
      expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(en)) expect(placeholders(fr[key]!), key).toEqual(placeholders(text));
    }
  });

  it("every event has its line and every mapping field its name, in both languages", () => {
    for (const event of WEBHOOK_EVENTS) expect([webhookEn[`event.${event}`], webhookFr[`event.${event}`]].every(Boolean), event).toBe(true);
    for (const field of ROW_FIELDS) expect([crmEn[`field.${field}`], crmFr[`field.${field}`]].every(Boolean), field).toBe(true);
  });
});
