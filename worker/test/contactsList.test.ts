// The contacts list through the real Worker: conversion days cut in the workspace's time zone,
// the interface filter, search, every sort both ways over keyset pages, the total, refused
// cursors, and the query plans that keep it fast at 100,000 contacts.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { CONTACT_SORTS, CONTACTS_PAGE_SIZE, type ContactSort } from "@raibu/protocol/contacts";
import { getDb } from "../src/db/client";
import { contacts, workspaces } from "../src/db/schema";
import { contactListWhere, conversionBounds, encodeCursor, groupQuery, pageQueries, type SearchPlan } from "../src/contacts/list";
import { newId } from "../src/lib/crypto";
import { Client, createInterface, createUser, createWorkspace, signedIn } from "./helpers";

const db = () => getDb(env.DB);
const DAY = 86_400_000;
/** Asia/Kolkata is UTC+5:30 all year: its midnights are computed here without the code under test. */
const KOLKATA = 5.5 * 3_600_000;

interface Seed {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  company?: string | null;
  interfaceId?: string | null;
  createdBy?: string | null;
  at?: number;
  lastActivityAt?: number | null;
}

/** Contacts written straight into D1 (the triggers index them for search). */
async function seed(workspaceId: string, rows: Seed[]) {
  const now = Date.now();
  const values = rows.map((r, i) => ({
    id: newId(),
    workspaceId,
    visitorId: null,
    interfaceId: r.interfaceId ?? null,
    name: r.name === undefined ? `Contact ${i}` : r.name,
    email: r.email === undefined ? null : r.email,
    phone: r.phone ?? null,
    company: r.company ?? null,
    customFields: {},
    createdBy: r.createdBy ?? null,
    createdAt: r.at ?? now - i * 1000,
    updatedAt: now,
    lastActivityAt: r.lastActivityAt === undefined ? null : r.lastActivityAt,
  }));
  for (let i = 0; i < values.length; i += 5) await db().insert(contacts).values(values.slice(i, i + 5));
  return values;
}

async function workspace(timeZone = "UTC") {
  const ws = await createWorkspace();
  await db().update(workspaces).set({ timeZone }).where(eq(workspaces.id, ws.id));
  const agent = await signedIn(ws.id, "agent");
  return { ws, agent };
}

/** Every page of a query, following nextCursor. */
async function allPages(client: Client, query: string) {
  const seen: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await client.get(`/api/contacts?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.contacts.length).toBeLessThanOrEqual(CONTACTS_PAGE_SIZE);
    seen.push(...res.json.contacts);
    cursor = res.json.nextCursor;
    pages += 1;
  } while (cursor);
  return { seen, pages };
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

describe("the conversion-day filter", () => {
  it("today, last7, last30 and thisMonth start at midnight in the workspace's time zone (Asia/Kolkata), not UTC's", async () => {
    const { ws, agent } = await workspace("Asia/Kolkata");
    const now = Date.now();
    const midnight = Math.floor((now + KOLKATA) / DAY) * DAY - KOLKATA;
    const local = new Date(now + KOLKATA);
    const monthStart = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - KOLKATA;
    const [today, yesterday, week, beforeWeek, month, beforeMonth, firstOfMonth, beforeFirst] = await seed(ws.id, [
      { at: midnight },
      { at: midnight - 1 },
      { at: midnight - 6 * DAY },
      { at: midnight - 6 * DAY - 1 },
      { at: midnight - 29 * DAY },
      { at: midnight - 29 * DAY - 1 },
      { at: monthStart },
      { at: monthStart - 1 },
    ]);
    const list = async (range: string) => ids((await agent.client.get(`/api/contacts${range ? `?range=${range}` : ""}`)).json.contacts);
    expect(await list("today")).toEqual(ids([today!, ...(monthStart === midnight ? [firstOfMonth!] : [])]));
    const last7 = await list("last7");
    expect(last7).toContain(yesterday!.id);
    expect(last7).toContain(week!.id);
    expect(last7).not.toContain(beforeWeek!.id);
    const last30 = await list("last30");
    expect(last30).toContain(beforeWeek!.id);
    expect(last30).toContain(month!.id);
    expect(last30).not.toContain(beforeMonth!.id);
    const thisMonth = await list("thisMonth");
    expect(thisMonth).toContain(firstOfMonth!.id);
    expect(thisMonth).toContain(today!.id);
    expect(thisMonth).not.toContain(beforeFirst!.id);
    // Without a range, every contact.
    expect(await list("")).toHaveLength(8);
  });

  it("the presets follow a zone's daylight saving change: last7 over Paris's spring change starts at local midnight (UTC+1), today at midnight UTC+2", () => {
    const now = Date.UTC(2026, 2, 31, 10, 0); // Tuesday 31 March 2026, 12:00 in Paris (summer time since the 29th)
    expect(conversionBounds({ range: "today" }, "Europe/Paris", now)).toEqual({ start: Date.UTC(2026, 2, 30, 22), end: Date.UTC(2026, 2, 31, 22) });
    expect(conversionBounds({ range: "last7" }, "Europe/Paris", now)).toEqual({ start: Date.UTC(2026, 2, 24, 23), end: Date.UTC(2026, 2, 31, 22) });
    expect(conversionBounds({ range: "thisMonth" }, "Europe/Paris", now).start).toBe(Date.UTC(2026, 1, 28, 23));
    expect(conversionBounds({ range: "today" }, "America/New_York", now)).toEqual({ start: Date.UTC(2026, 2, 31, 4), end: Date.UTC(2026, 3, 1, 4) });
  });

  it("a custom range takes its first and last days whole, in the workspace's zone; a reversed one is a 400", async () => {
    const { ws, agent } = await workspace("Asia/Kolkata");
    const first = Date.UTC(2026, 4, 10) - KOLKATA; // 10 May 2026, 00:00 in Kolkata
    const after = Date.UTC(2026, 4, 13) - KOLKATA; // 13 May, 00:00: just past the range
    const [a, b, c, d] = await seed(ws.id, [{ at: first - 1 }, { at: first }, { at: after - 1 }, { at: after }]);
    const res = await agent.client.get("/api/contacts?range=custom&from=2026-05-10&to=2026-05-12");
    expect(ids(res.json.contacts)).toEqual(ids([b!, c!]));
    expect(res.json.total).toBe(2);
    expect(ids((await agent.client.get("/api/contacts?range=custom&to=2026-05-09")).json.contacts)).toEqual([a!.id]);
    expect(ids((await agent.client.get("/api/contacts?range=custom&from=2026-05-13")).json.contacts)).toEqual([d!.id]);
    const reversed = await agent.client.get("/api/contacts?range=custom&from=2026-05-12&to=2026-05-10");
    expect(reversed.status).toBe(400);
    expect(reversed.json.error.code).toBe("invalid_range");
  });

  it("the interface filter keeps that interface's contacts, with its name joined on each row", async () => {
    const { ws, agent } = await workspace();
    const [one, two] = [await createInterface(ws.id), await createInterface(ws.id)];
    const [a, , c] = await seed(ws.id, [{ interfaceId: one.id }, { interfaceId: two.id }, { interfaceId: one.id }]);
    const res = await agent.client.get(`/api/contacts?interfaceId=${one.id}`);
    expect(ids(res.json.contacts)).toEqual(ids([a!, c!]));
    expect(res.json.total).toBe(2);
    const { name } = (await env.DB.prepare("SELECT name FROM chat_interfaces WHERE id = ?").bind(one.id).first<{ name: string }>())!;
    expect(res.json.contacts[0]).toMatchObject({ interfaceId: one.id, interfaceName: name });
  });
});

describe("search", () => {
  it("finds every word in the name, email, phone (typed with or without its spaces) or company, accents aside, the last word as a prefix", async () => {
    const { ws, agent } = await workspace();
    const [zoe, kim, phone, company] = await seed(ws.id, [
      { name: "Zoé Martin", email: "zoe@martin.example" },
      { name: "Kim Lee", email: "kim.lee@acme.example" },
      { name: "Paul", phone: "+33 6 12 34 56 78" },
      { name: "Anna", company: "Vélos de Lyon" },
      { name: "Nobody", email: "nobody@else.example" },
    ]);
    const search = async (q: string) => ids((await agent.client.get(`/api/contacts?q=${encodeURIComponent(q)}`)).json.contacts);
    expect(await search("zoe")).toEqual([zoe!.id]);
    expect(await search("Zoé mar")).toEqual([zoe!.id]);
    expect(await search("kim.lee@ac")).toEqual([kim!.id]);
    expect(await search("12 34")).toEqual([phone!.id]);
    expect(await search("33612")).toEqual([phone!.id]);
    expect(await search("velos lyon")).toEqual([company!.id]);
    expect(await search("martin kim")).toEqual([]);
    const total = await agent.client.get("/api/contacts?q=example");
    expect(total.json.total).toBe(3);
  });

  it("a search finds only the workspace's own contacts, and an edit is found at once", async () => {
    const { ws, agent } = await workspace();
    const other = await workspace();
    await seed(other.ws.id, [{ name: "Quentin Shared" }]);
    const [mine] = await seed(ws.id, [{ name: "Quentin Mine" }]);
    expect(ids((await agent.client.get("/api/contacts?q=quentin")).json.contacts)).toEqual([mine!.id]);
    await agent.client.patch(`/api/contacts/${mine!.id}`, { company: "Renamed Industries" });
    expect(ids((await agent.client.get("/api/contacts?q=renamed")).json.contacts)).toEqual([mine!.id]);
  });
});

describe("sorting and pages", () => {
  /** 120 contacts over three names, emails, phones and companies, some empty, two interfaces and converters. */
  async function many() {
    const { ws, agent } = await workspace();
    const interfaces = [await createInterface(ws.id), await createInterface(ws.id)];
    const converters = [await createUser(ws.id), await createUser(ws.id)];
    const base = Date.now() - 10 * DAY;
    const rows = await seed(
      ws.id,
      Array.from({ length: 120 }, (_, i) => ({
        name: i % 7 === 0 ? null : `Name ${i % 3}`,
        email: i % 5 === 0 ? null : `p${i % 4}@example.test`,
        phone: i % 2 === 0 ? null : `+1 555 000 ${i % 3}`,
        company: i % 3 === 0 ? null : `Co ${i % 2}`,
        interfaceId: i % 11 === 0 ? null : interfaces[i % 2]!.id,
        createdBy: i % 13 === 0 ? null : converters[i % 2]!.id,
        // Ties: four contacts share each conversion time.
        at: base + Math.floor(i / 4) * 1000,
        lastActivityAt: i % 6 === 0 ? null : base + (i % 9) * 1000,
      })),
    );
    const names = new Map<string, string>();
    for (const x of [...interfaces, ...converters]) {
      const row = await env.DB.prepare("SELECT name FROM chat_interfaces WHERE id = ? UNION ALL SELECT name FROM users WHERE id = ?").bind(x.id, x.id).first<{ name: string }>();
      names.set(x.id, row!.name);
    }
    return { ws, agent, rows, names };
  }

  /** The order SQLite gives: NULLs first ascending (last descending), then the value, the id breaking ties. */
  function expected(rows: Awaited<ReturnType<typeof many>>["rows"], names: Map<string, string>, sort: ContactSort, dir: "asc" | "desc") {
    const value = (r: (typeof rows)[number]): string | number | null => {
      switch (sort) {
        case "convertedAt":
          return r.createdAt;
        case "interface":
          return r.interfaceId ? names.get(r.interfaceId)! : null;
        case "convertedBy":
          return r.createdBy ? names.get(r.createdBy)! : null;
        default:
          return r[sort];
      }
    };
    const cmp = (a: string | number | null, b: string | number | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);
    // Sorts on a joined name go group by group (the name, then the group's id), then by conversion time.
    const group = (r: (typeof rows)[number]) => (sort === "interface" ? r.interfaceId : sort === "convertedBy" ? r.createdBy : null);
    const tie = (a: (typeof rows)[number], b: (typeof rows)[number]) => (sort === "interface" || sort === "convertedBy" ? cmp(group(a), group(b)) || cmp(a.createdAt, b.createdAt) : 0);
    const sorted = [...rows].sort((a, b) => cmp(value(a), value(b)) || tie(a, b) || cmp(a.id, b.id));
    return (dir === "asc" ? sorted : sorted.reverse()).map((r) => r.id);
  }

  it("each column sorts ascending and descending: the pages follow each other with no gap or repeat, ties broken by the id (by conversion time first under an interface or converter), empty values first ascending and last descending", async () => {
    const { agent, rows, names } = await many();
    for (const sort of CONTACT_SORTS) {
      for (const dir of ["asc", "desc"] as const) {
        const { seen, pages } = await allPages(agent.client, `sort=${sort}&dir=${dir}`);
        expect(pages, `${sort} ${dir}`).toBe(3);
        expect(
          seen.map((r) => r.id),
          `${sort} ${dir}`,
        ).toEqual(expected(rows, names, sort, dir));
      }
    }
  });

  it("by default the newest conversion comes first, and each row names its converter", async () => {
    const { agent, rows, names } = await many();
    const res = await agent.client.get("/api/contacts");
    expect(res.json.contacts.map((r: { id: string }) => r.id)).toEqual(expected(rows, names, "convertedAt", "desc").slice(0, CONTACTS_PAGE_SIZE));
    const first = res.json.contacts[0];
    const row = rows.find((r) => r.id === first.id)!;
    expect(first.convertedBy).toEqual(row.createdBy ? { id: row.createdBy, name: names.get(row.createdBy) } : null);
    expect(res.json.total).toBe(120);
  });

  it("the total counts every contact the filter matches, on every page", async () => {
    const { ws, agent } = await workspace();
    await seed(ws.id, Array.from({ length: 60 }, (_, i) => ({ company: i % 2 ? "Odd Ltd" : "Even Ltd" })));
    const first = await agent.client.get("/api/contacts?q=odd&sort=name&dir=asc");
    expect(first.json.contacts).toHaveLength(30);
    expect(first.json.total).toBe(30);
    const all = await agent.client.get("/api/contacts");
    expect(all.json.total).toBe(60);
    const second = await agent.client.get(`/api/contacts?cursor=${encodeURIComponent(all.json.nextCursor)}`);
    expect(second.json.contacts).toHaveLength(10);
    expect(second.json.total).toBe(60);
  });

  it("a name too long to carry in a cursor still pages on: the cursor carries the id and the value is read back", async () => {
    const { ws, agent } = await workspace();
    const long = (c: string) => c.repeat(110);
    await seed(ws.id, Array.from({ length: 55 }, (_, i) => ({ name: long(i < 52 ? "é" : "z") })));
    const { seen, pages } = await allPages(agent.client, "sort=name&dir=asc");
    expect(pages).toBe(2);
    expect(new Set(seen.map((r) => r.id)).size).toBe(55);
  });

  it("a cursor the list did not give, or one of another sort's type, is a 400 invalid_cursor", async () => {
    const { agent } = await workspace();
    for (const cursor of ["nonsense!", encodeCursor({ value: "text", id: "x" })]) {
      const res = await agent.client.get(`/api/contacts?sort=convertedAt&cursor=${encodeURIComponent(cursor)}`);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("invalid_cursor");
    }
  });
});

describe("the list's query plans", () => {
  async function plans(sort: ContactSort, dir: "asc" | "desc", filter: Parameters<typeof contactListWhere>[1] = {}, plan: SearchPlan = "list") {
    const where = contactListWhere("w", filter, "UTC", plan);
    const cursor = { value: sort === "convertedAt" || sort === "lastActivityAt" ? 1 : "m", id: "00000000-0000-0000-0000-000000000000" };
    const out: string[] = [];
    for (const run of pageQueries(db(), where, { sort, dir }, cursor)) {
      const built = run(51).toSQL();
      const res = await env.DB.prepare(`EXPLAIN QUERY PLAN ${built.sql}`).bind(...built.params).all<{ detail: string }>();
      out.push(res.results.map((r) => r.detail).join("\n"));
    }
    return out.join("\n--\n");
  }

  it("each column's sort walks its own index from the cursor, with no sort step and no scan of the table", async () => {
    const indexes: Partial<Record<ContactSort, string>> = {
      convertedAt: "contacts_workspace_created",
      lastActivityAt: "contacts_workspace_activity",
      name: "contacts_workspace_name",
      email: "contacts_workspace_email",
      phone: "contacts_workspace_phone",
      company: "contacts_workspace_company",
    };
    for (const [sort, index] of Object.entries(indexes) as [ContactSort, string][]) {
      for (const dir of ["asc", "desc"] as const) {
        const detail = await plans(sort, dir);
        expect(detail, `${sort} ${dir}`).toContain(`USING INDEX ${index} (workspace_id=?`);
        expect(detail, `${sort} ${dir}`).not.toContain("TEMP B-TREE");
        expect(detail, `${sort} ${dir}`).not.toMatch(/SCAN contacts(?! USING)/);
      }
    }
  });

  it("a sort on the interface's or the converter's name reads each group down its own index in conversion order, with no sort step", async () => {
    for (const [sort, index, column] of [
      ["interface", "contacts_workspace_interface", "interface_id"],
      ["convertedBy", "contacts_workspace_converter", "created_by"],
    ] as const) {
      for (const dir of ["asc", "desc"] as const) {
        const built = groupQuery(db(), contactListWhere("w", {}, "UTC"), sort, dir, "g", { at: 1, id: "x" }, 51).toSQL();
        const res = await env.DB.prepare(`EXPLAIN QUERY PLAN ${built.sql}`).bind(...built.params).all<{ detail: string }>();
        const detail = res.results.map((r) => r.detail).join("\n");
        expect(detail, `${sort} ${dir}`).toContain(`USING INDEX ${index} (workspace_id=? AND ${column}=? AND created_at`);
        expect(detail, `${sort} ${dir}`).not.toContain("TEMP B-TREE");
      }
    }
  });

  it("the interface filter with the default sort reads the interface's index in conversion order", async () => {
    const detail = await plans("convertedAt", "desc", { interfaceId: "i" });
    expect(detail).toContain("USING INDEX contacts_workspace_interface (workspace_id=? AND interface_id=? AND created_at<?)");
    expect(detail).not.toContain("TEMP B-TREE");
  });

  it("a search with few hits reads its contacts from the FTS5 matches by id; one with many walks the sort's index", async () => {
    const few = await plans("convertedAt", "desc", { q: "zoe" }, "hits");
    expect(few).toMatch(/VIRTUAL TABLE INDEX \d+:M/);
    expect(few).toMatch(/SEARCH contacts USING INDEX sqlite_autoindex_contacts_1 \(id=\?\)/);
    const many = await plans("convertedAt", "desc", { q: "zoe" }, "list");
    expect(many).toContain("USING INDEX contacts_workspace_created (workspace_id=? AND created_at<?)");
    expect(many).not.toContain("TEMP B-TREE");
  });
});
