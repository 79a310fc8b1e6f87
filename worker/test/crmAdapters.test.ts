// The HTTP each CRM adapter sends, checked against the providers' documented shapes (method, path,
// query, headers, JSON body), and how it reads their answers: found or not by email, a refused
// contact, a rate limit, a rejected token.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CrmContact } from "../src/integrations/crm/adapter";
import { HUBSPOT_DEFAULT_MAPPING, hubspotAdapter } from "../src/integrations/crm/hubspot";
import { PIPEDRIVE_DEFAULT_MAPPING, pipedriveAdapter } from "../src/integrations/crm/pipedrive";
import { fakeProviders, hubspot, pipedrive } from "./crmFixtures";

afterEach(() => vi.restoreAllMocks());

const ada: CrmContact & { email: string } = {
  id: "c1",
  name: "Ada King Lovelace",
  email: "ada@example.test",
  phone: "+44 20 7946 0000",
  company: "Analytical Engines",
  jobTitle: "Mathematician",
  website: "https://ada.example",
  address: "12 St James's Square",
  city: "London",
  country: "United Kingdom",
  customFields: { plan: "Pro", empty: "" },
};

describe("the HubSpot adapter", () => {
  it("updates the contact found by email with a PATCH on /crm/v3/objects/contacts/<email>?idProperty=email, Bearer token, the mapped properties and the name split", async () => {
    const calls = fakeProviders(() => hubspot.contact("501"));
    const result = await hubspotAdapter("pat-test-token").upsertByEmail(ada, HUBSPOT_DEFAULT_MAPPING);

    expect(result).toEqual({ ok: true, remoteId: "501", created: false, status: 200 });
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.method).toBe("PATCH");
    expect(call!.url.origin + call!.url.pathname).toBe("https://api.hubapi.com/crm/v3/objects/contacts/ada%40example.test");
    expect(call!.url.searchParams.get("idProperty")).toBe("email");
    expect(call!.headers.get("Authorization")).toBe("Bearer pat-test-token");
    expect(call!.headers.get("Content-Type")).toBe("application/json");
    expect(call!.body).toEqual({
      properties: {
        email: "ada@example.test",
        firstname: "Ada King",
        lastname: "Lovelace",
        phone: "+44 20 7946 0000",
        company: "Analytical Engines",
        jobtitle: "Mathematician",
        website: "https://ada.example",
        address: "12 St James's Square",
        city: "London",
        country: "United Kingdom",
      },
    });
  });

  it("creates the contact with a POST on /crm/v3/objects/contacts when HubSpot has no contact with that email", async () => {
    const calls = fakeProviders((call) => (call.method === "PATCH" ? hubspot.notFound() : hubspot.contact("777")));
    const result = await hubspotAdapter("pat-test-token").upsertByEmail(ada, { email: "email", firstName: "firstname", "custom.plan": "raibu_plan" });

    expect(result).toEqual({ ok: true, remoteId: "777", created: true, status: 200 });
    expect(calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual(["PATCH /crm/v3/objects/contacts/ada%40example.test", "POST /crm/v3/objects/contacts"]);
    expect(calls[1]!.headers.get("Authorization")).toBe("Bearer pat-test-token");
    expect(calls[1]!.body).toEqual({ properties: { email: "ada@example.test", firstname: "Ada King", raibu_plan: "Pro" } });
  });

  it("updates instead when the contact was created elsewhere between its two calls (409 on create)", async () => {
    let patches = 0;
    const calls = fakeProviders((call) => {
      if (call.method === "PATCH") return ++patches === 1 ? hubspot.notFound() : hubspot.contact("888");
      return Response.json({ status: "error", message: "Contact already exists. Existing ID: 888", category: "CONFLICT" }, { status: 409 });
    });
    const result = await hubspotAdapter("t0ken-xyz").upsertByEmail(ada, HUBSPOT_DEFAULT_MAPPING);
    expect(result).toMatchObject({ ok: true, remoteId: "888", created: false });
    expect(calls.map((c) => c.method)).toEqual(["PATCH", "POST", "PATCH"]);
  });

  it("gives HubSpot's own message for a refused contact, a rate limit with its Retry-After, and a rejected token", async () => {
    fakeProviders(() => hubspot.invalid('Property values were not valid: [{"name":"email","message":"Email address ada@ is invalid"}]'));
    expect(await hubspotAdapter("t0ken-xyz").upsertByEmail(ada, HUBSPOT_DEFAULT_MAPPING)).toEqual({
      ok: false,
      kind: "rejected",
      status: 400,
      message: 'Property values were not valid: [{"name":"email","message":"Email address ada@ is invalid"}]',
    });
    vi.restoreAllMocks();
    fakeProviders(() => hubspot.rateLimited(9));
    expect(await hubspotAdapter("t0ken-xyz").upsertByEmail(ada, HUBSPOT_DEFAULT_MAPPING)).toMatchObject({ ok: false, kind: "rate_limited", status: 429, retryAfterSeconds: 9 });
    vi.restoreAllMocks();
    fakeProviders(() => hubspot.unauthorized());
    expect(await hubspotAdapter("t0ken-xyz").testConnection()).toMatchObject({ ok: false, kind: "unauthorized", message: "Authentication credentials not found." });
  });

  it("tries a token with GET /crm/v3/objects/contacts?limit=1", async () => {
    const calls = fakeProviders(() => hubspot.list());
    expect(await hubspotAdapter("pat-good").testConnection()).toEqual({ ok: true });
    expect(calls[0]!.method).toBe("GET");
    expect(calls[0]!.url.pathname).toBe("/crm/v3/objects/contacts");
    expect(calls[0]!.url.searchParams.get("limit")).toBe("1");
    expect(calls[0]!.headers.get("Authorization")).toBe("Bearer pat-good");
  });
});

describe("the Pipedrive adapter", () => {
  it("searches the person by exact email with x-api-token, then patches the one found by id with the mapped fields and custom fields", async () => {
    const calls = fakeProviders((call) => (call.method === "GET" ? pipedrive.found(42, ada.email) : pipedrive.person(42)));
    const mapping = { ...PIPEDRIVE_DEFAULT_MAPPING, company: "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2" };
    const result = await pipedriveAdapter("pd-token-123").upsertByEmail(ada, mapping);

    expect(result).toEqual({ ok: true, remoteId: "42", created: false, status: 200 });
    const [search, patch] = calls;
    expect(search!.method).toBe("GET");
    expect(search!.url.origin + search!.url.pathname).toBe("https://api.pipedrive.com/api/v2/persons/search");
    expect(Object.fromEntries(search!.url.searchParams)).toEqual({ term: "ada@example.test", fields: "email", exact_match: "true", limit: "1" });
    expect(search!.headers.get("x-api-token")).toBe("pd-token-123");
    expect(search!.url.searchParams.has("api_token")).toBe(false);

    expect(patch!.method).toBe("PATCH");
    expect(patch!.url.pathname).toBe("/api/v2/persons/42");
    expect(patch!.headers.get("x-api-token")).toBe("pd-token-123");
    expect(patch!.headers.get("Content-Type")).toBe("application/json");
    expect(patch!.body).toEqual({
      name: "Ada King Lovelace",
      phones: [{ value: "+44 20 7946 0000", primary: true, label: "work" }],
      custom_fields: { a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2: "Analytical Engines" },
    });
  });

  it("adds the person with POST /api/v2/persons, their email as the primary one, when the search finds nobody", async () => {
    const calls = fakeProviders((call) => (call.method === "GET" ? pipedrive.notFound() : pipedrive.person(99)));
    const result = await pipedriveAdapter("pd-token-123").upsertByEmail({ ...ada, name: null }, PIPEDRIVE_DEFAULT_MAPPING);

    expect(result).toEqual({ ok: true, remoteId: "99", created: true, status: 200 });
    expect(calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual(["GET /api/v2/persons/search", "POST /api/v2/persons"]);
    expect(calls[1]!.body).toEqual({
      // Pipedrive needs a name: without one, the email stands in.
      name: "ada@example.test",
      emails: [{ value: "ada@example.test", primary: true, label: "work" }],
      phones: [{ value: "+44 20 7946 0000", primary: true, label: "work" }],
    });
  });

  it("gives Pipedrive's own message for a refused person and tries a token with GET /api/v1/users/me", async () => {
    fakeProviders((call) => (call.method === "GET" ? pipedrive.notFound() : pipedrive.invalid("Custom field value is not valid")));
    expect(await pipedriveAdapter("pd-token-123").upsertByEmail(ada, PIPEDRIVE_DEFAULT_MAPPING)).toEqual({
      ok: false,
      kind: "rejected",
      status: 400,
      message: "Custom field value is not valid",
    });
    vi.restoreAllMocks();
    const calls = fakeProviders(() => pipedrive.unauthorized());
    expect(await pipedriveAdapter("pd-bad").testConnection()).toMatchObject({ ok: false, kind: "unauthorized", message: "unauthorized access" });
    expect(`${calls[0]!.method} ${calls[0]!.url.pathname}`).toBe("GET /api/v1/users/me");
    expect(calls[0]!.headers.get("x-api-token")).toBe("pd-bad");
  });
});
