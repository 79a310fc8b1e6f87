// The CSV export through the real Worker, read back with papaparse: RFC 4180 cells (commas, quotes, line
// breaks, accents, emoji), the BOM, formula-looking cells neutralised, custom fields as columns, the header
// in the agent's language, the list's filter, who may export, and the pages the stream reads as it goes.
import { env, exports } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { getDb } from "../src/db/client";
import { contacts, users, workspaces } from "../src/db/schema";
import { exportContacts, zonedIso } from "../src/contacts/export";
import { newId } from "../src/lib/crypto";
import { Client, createInterface, createWorkspace, ORIGIN, signedIn } from "./helpers";

const db = () => getDb(env.DB);
const HEADER_EN = ["Name", "Email", "Phone", "Company", "Job title", "Website", "Address", "City", "Country", "Interface", "Converted on", "Converted by", "Last activity"];
const BOM = [0xef, 0xbb, 0xbf];

type Seed = Partial<Omit<typeof contacts.$inferInsert, "workspaceId">>;

/** Contacts written straight into D1 in one statement (the rows ride in one JSON parameter; the triggers index them). */
async function seed(workspaceId: string, rows: Seed[]) {
  const now = Date.now();
  const values = rows.map((r, i) => ({
    id: r.id ?? newId(),
    workspace_id: workspaceId,
    interface_id: r.interfaceId ?? null,
    name: r.name ?? `Contact ${i}`,
    email: r.email ?? null,
    phone: r.phone ?? null,
    company: r.company ?? null,
    job_title: r.jobTitle ?? null,
    website: r.website ?? null,
    address: r.address ?? null,
    city: r.city ?? null,
    country: r.country ?? null,
    custom_fields: JSON.stringify(r.customFields ?? {}),
    created_by: r.createdBy ?? null,
    created_at: r.createdAt ?? now - i * 1000,
    updated_at: now,
    last_activity_at: r.lastActivityAt ?? null,
  }));
  const cols = Object.keys(values[0]!);
  const pick = sql.raw(cols.map((c) => `j.value ->> '${c}'`).join(", "));
  for (let i = 0; i < values.length; i += 500) {
    await db().run(sql`INSERT INTO contacts (${sql.raw(cols.join(", "))}) SELECT ${pick} FROM json_each(${JSON.stringify(values.slice(i, i + 500))}) AS j`);
  }
  return values;
}

/** The export as the browser gets it: raw bytes (Response.text() would drop the BOM), then parsed. */
async function download(client: Client | null, query = "") {
  const res = await exports.default.fetch(`${ORIGIN}/api/contacts/export.csv${query ? `?${query}` : ""}`, { headers: { Origin: ORIGIN, ...(client?.cookie ? { Cookie: client.cookie } : {}) } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder("utf-8", { ignoreBOM: true, fatal: false }).decode(bytes);
  const parsed = res.status === 200 ? Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { newline: "\r\n", skipEmptyLines: false }) : null;
  const data = parsed?.data ?? [];
  // A file ends with CRLF: papaparse reads an empty last line.
  if (data.length && data.at(-1)!.length === 1 && data.at(-1)![0] === "") data.pop();
  return { res, bytes, text, errors: parsed?.errors ?? [], header: data[0] ?? [], rows: data.slice(1) };
}

async function workspace(timeZone = "UTC") {
  const ws = await createWorkspace();
  await db().update(workspaces).set({ timeZone }).where(eq(workspaces.id, ws.id));
  const { user, client } = await signedIn(ws.id, "agent");
  return { ws, user, client };
}

describe("the CSV file", () => {
  it("parses back with papaparse to the very cells stored: commas, quotes, line breaks, accents and emoji; BOM first, CRLF between records", async () => {
    const { ws, client } = await workspace();
    const tricky = {
      name: 'Zoë "Zed" Ångström, Jr.',
      email: "zoe@example.com",
      company: "Vélos, Cafés & Cie",
      jobTitle: "Directrice\ngénérale",
      address: "1 rue de l'Église\r\nBâtiment B",
      city: "Genève 🇨🇭",
      country: "日本",
      website: "https://example.com/?a=1,b=2",
    };
    await seed(ws.id, [tricky]);
    const { res, bytes, text, errors, header, rows } = await download(client);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect([...bytes.slice(0, 3)]).toEqual(BOM);
    expect(errors).toEqual([]);
    expect(header).toEqual(HEADER_EN);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row!.slice(0, 9)).toEqual([tricky.name, tricky.email, "", tricky.company, tricky.jobTitle, tricky.website, tricky.address, tricky.city, tricky.country]);
    // Quotes doubled, and every record ends with CRLF (the line break inside a cell is quoted, not a record end).
    expect(text).toContain('"Zoë ""Zed"" Ångström, Jr."');
    expect(text).toContain('"Directrice\ngénérale"');
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/"[^"]*"/g, "").split("\r\n")).toHaveLength(3);
  });

  it("prefixes a single quote to a cell starting with =, +, -, @, tab or CR, and leaves those characters alone elsewhere in a cell", async () => {
    const { ws, client } = await workspace();
    const risky = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+33 6 12 34 56 78", "-2+3", "@SUM(A1:A2)", "\tTabbed", "\rCarriage"];
    await seed(
      ws.id,
      risky.map((name, i) => ({ name, company: `a=b+c-d@e ${i}`, customFields: { note: risky[(i + 1) % risky.length]! }, createdAt: 1_700_000_000_000 - i * 1000 })),
    );
    const { header, rows } = await download(client);
    const note = header.indexOf("note");
    expect(rows.map((r) => r[0])).toEqual(risky.map((v) => `'${v}`));
    expect(rows.map((r) => r[note])).toEqual(risky.map((_, i) => `'${risky[(i + 1) % risky.length]}`));
    expect(rows.map((r) => r[3])).toEqual(risky.map((_, i) => `a=b+c-d@e ${i}`));
  });

  it("gives each custom field key found in the export a column after the fixed ones, sorted by key, empty where a contact has none", async () => {
    const { ws, client } = await workspace();
    await seed(ws.id, [
      { name: "A", customFields: { plan: "pro", "taille d'équipe": "12" }, createdAt: 3000 },
      { name: "B", customFields: { budget: "5 000 €" }, createdAt: 2000 },
      { name: "C", customFields: {}, createdAt: 1000 },
    ]);
    const { header, rows } = await download(client);
    expect(header).toEqual([...HEADER_EN, "budget", "plan", "taille d'équipe"]);
    expect(rows.map((r) => [r[0], ...r.slice(13)])).toEqual([
      ["A", "", "pro", "12"],
      ["B", "5 000 €", "", ""],
      ["C", "", "", ""],
    ]);
  });

  it("writes the interface, who converted, and the conversion and last-activity times as ISO date-times in the workspace's zone", async () => {
    const { ws, user, client } = await workspace("Asia/Kolkata");
    const site = await createInterface(ws.id);
    const converted = Date.UTC(2026, 10, 30, 20, 15, 7); // 01:45:07 on 1 December in Kolkata
    await seed(ws.id, [{ name: "Asha", interfaceId: site.id, createdBy: user.id, createdAt: converted, lastActivityAt: converted + 90_000 }]);
    const { rows } = await download(client);
    expect(rows[0]!.slice(9, 13)).toEqual([`Site ${site.id}`, "2026-12-01T01:45:07+05:30", user.name, "2026-12-01T01:46:37+05:30"]);
    expect(zonedIso(Date.UTC(2026, 6, 1, 12), "America/New_York")).toBe("2026-07-01T08:00:00-04:00");
  });

  it("writes the header in French for an agent whose console speaks French, and in the browser's language when they chose none", async () => {
    const { ws, user, client } = await workspace();
    await seed(ws.id, [{ name: "Élodie" }]);
    await db().update(users).set({ locale: "fr" }).where(eq(users.id, user.id));
    const fr = await download(client);
    expect(fr.header).toEqual(["Nom", "E-mail", "Téléphone", "Entreprise", "Fonction", "Site web", "Adresse", "Ville", "Pays", "Interface", "Converti le", "Converti par", "Dernière activité"]);
    await db().update(users).set({ locale: null }).where(eq(users.id, user.id));
    const res = await exports.default.fetch(`${ORIGIN}/api/contacts/export.csv`, { headers: { Origin: ORIGIN, Cookie: client.cookie, "Accept-Language": "fr-CA,fr;q=0.9" } });
    expect((await res.text()).startsWith("Nom,E-mail,")).toBe(true);
  });

  it("is an attachment named after today in the workspace's zone, with X-Total-Count the filter's number of contacts", async () => {
    const { ws, client } = await workspace("Pacific/Kiritimati");
    await seed(ws.id, [{}, {}, {}]);
    const { res, rows } = await download(client);
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Pacific/Kiritimati" }).format(Date.now());
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="contacts-${today}.csv"`);
    expect(res.headers.get("X-Total-Count")).toBe("3");
    expect(rows).toHaveLength(3);
  });
});

describe("the export's filter", () => {
  it("keeps the list's filter: a custom range of days cut in the workspace's zone, the interface, and a search", async () => {
    const { ws, client } = await workspace("Asia/Kolkata");
    const [a, b] = [await createInterface(ws.id), await createInterface(ws.id)];
    // 1 December starts at 18:30 UTC on 30 November in Kolkata.
    const dayStart = Date.UTC(2026, 10, 30, 18, 30);
    await seed(ws.id, [
      { name: "Just before", interfaceId: a.id, createdAt: dayStart - 1000 },
      { name: "First minute", interfaceId: a.id, createdAt: dayStart + 1000, company: "Lyon Cycles" },
      { name: "Other site", interfaceId: b.id, createdAt: dayStart + 2000 },
      { name: "Last minute", interfaceId: a.id, createdAt: dayStart + 86_400_000 - 1000 },
      { name: "Next day", interfaceId: a.id, createdAt: dayStart + 86_400_000 + 1000, company: "Lyon Cycles" },
    ]);
    const names = async (query: string) => {
      const { res, rows } = await download(client, query);
      expect(res.status).toBe(200);
      expect(res.headers.get("X-Total-Count")).toBe(String(rows.length));
      return rows.map((r) => r[0]);
    };
    expect(await names("range=custom&from=2026-12-01&to=2026-12-01")).toEqual(["Last minute", "Other site", "First minute"]);
    expect(await names(`range=custom&from=2026-12-01&to=2026-12-01&interfaceId=${a.id}`)).toEqual(["Last minute", "First minute"]);
    expect(await names("q=lyon")).toEqual(["Next day", "First minute"]);
    expect(await names("range=custom&from=2026-12-01&to=2026-12-01&q=lyon%20cycles")).toEqual(["First minute"]);
  });

  it("refuses a filter the list refuses, with the list's error", async () => {
    const { client } = await workspace();
    const { res, text } = await download(client, "range=custom&from=2026-12-02&to=2026-12-01");
    expect(res.status).toBe(400);
    expect(JSON.parse(text).error.code).toBe("invalid_range");
    expect((await download(client, "range=yesterday")).res.status).toBe(400);
  });
});

describe("who may export", () => {
  it("never holds another workspace's contacts, whatever the filter", async () => {
    const mine = await workspace();
    const theirs = await workspace();
    const site = await createInterface(theirs.ws.id);
    await seed(mine.ws.id, [{ name: "Mine", company: "Shared Words" }]);
    await seed(theirs.ws.id, [{ name: "Theirs", company: "Shared Words", interfaceId: site.id }]);
    for (const query of ["", "q=shared", `interfaceId=${site.id}`]) {
      const { text } = await download(mine.client, query);
      expect(text).not.toContain("Theirs");
    }
    expect((await download(mine.client, `interfaceId=${site.id}`)).res.headers.get("X-Total-Count")).toBe("0");
  });

  it("answers 401 without a session and lets an agent (not only an admin) export", async () => {
    const { res } = await download(null);
    expect(res.status).toBe(401);
    const { ws, client: agent } = await workspace();
    const { client: admin } = await signedIn(ws.id, "admin");
    await seed(ws.id, [{ name: "Seen by all" }]);
    expect((await download(agent)).rows.map((r) => r[0])).toEqual(["Seen by all"]);
    expect((await download(admin)).rows.map((r) => r[0])).toEqual(["Seen by all"]);
  });
});

describe("streaming", () => {
  /** The Worker's D1 with each statement's SQL noted. */
  function countingD1(log: string[]): D1Database {
    return new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "prepare") return (query: string) => (log.push(query), target.prepare(query));
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }

  it("reads 5,000 contacts from D1 in pages of 1,000 only as the reader takes the file, every contact once, newest first", async () => {
    const { ws, client } = await workspace();
    const seeded = await seed(ws.id, Array.from({ length: 5000 }, (_, i) => ({ name: `Person ${i}`, createdAt: 1_800_000_000_000 - Math.floor(i / 3) * 1000 })));
    const log: string[] = [];
    const pageReads = () => log.filter((q) => /order by "contacts"\."created_at" desc, "contacts"\."id" desc limit/i.test(q)).length;
    const result = await exportContacts(getDb(countingD1(log)), { workspaceId: ws.id, filter: {}, timeZone: "UTC", lang: "en" });
    expect(result.total).toBe(5000);
    const reader = result.body.getReader();
    const chunks: Uint8Array[] = [];
    const take = async () => {
      const { value } = await reader.read();
      chunks.push(value!);
    };
    await take(); // the header
    expect(pageReads()).toBe(0);
    await take();
    expect(pageReads()).toBe(1);
    await take();
    expect(pageReads()).toBe(2);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    // Five full pages, then one that comes back empty and ends the file.
    expect(pageReads()).toBe(6);
    const text = new TextDecoder().decode(new Uint8Array(await new Blob(chunks).arrayBuffer()));
    const rows = Papa.parse<string[]>(text, { newline: "\r\n", skipEmptyLines: true }).data.slice(1);
    // Ties on the conversion time (three contacts a second) are broken by id across page boundaries.
    const expected = [...seeded].sort((x, y) => y.created_at - x.created_at || (y.id < x.id ? -1 : 1)).map((r) => r.name);
    expect(rows.map((r) => r[0])).toEqual(expected);

    const { res, rows: viaHttp } = await download(client);
    expect(res.headers.get("X-Total-Count")).toBe("5000");
    expect(viaHttp).toHaveLength(5000);
  });
});
