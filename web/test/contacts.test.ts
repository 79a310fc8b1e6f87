// The Contacts pages' pure parts: the filter and sort in the address and the list query, the date
// filter's words in both languages, the export's reader counting rows on a stream, and the rules
// behind merging and erasing.
import { describe, expect, it } from "vitest";
// First: the protocol's schemas need zod extended before protocol/lang.ts builds its own.
import { CONTACT_SORTS as PROTOCOL_SORTS, DATE_PRESETS as PROTOCOL_PRESETS, type ContactDetail, type ContactRow } from "@raibu/protocol/contacts";
import { fillPlaceholders, type Params } from "@raibu/protocol/lang";
import { contactLabel, deleteConfirmed, deleteConfirmWord, erasureConsequences, erasureRows, mergeCandidates } from "../src/components/contacts/contactActions";
import { ariaSort, CONTACT_SORTS, DATE_PRESETS, filtersFromSearch, filtersToSearch, isFiltered, listQuery, NO_FILTERS, rangeLabel, sortedBy, todayIn } from "../src/components/contacts/contactQuery";
import { CsvRowCounter, filenameFrom, progressFraction, readCsv } from "../src/components/contacts/csvDownload";
import { contactsEn, contactsFr, type ContactText } from "../src/components/contacts/texts";

const textIn = (lang: "en" | "fr"): ContactText => (key, params?: Params) => {
  const dictionary = lang === "fr" ? contactsFr : contactsEn;
  return fillPlaceholders((dictionary as Record<string, string>)[key] ?? key, params, lang);
};

describe("the contacts list's filter and sort in the address", () => {
  it("the page knows the protocol's sorts and date presets, in its order", () => {
    expect(CONTACT_SORTS).toEqual(PROTOCOL_SORTS);
    expect(DATE_PRESETS).toEqual(PROTOCOL_PRESETS);
  });

  it("a link with every filter and a sort gives them back, and the address written from them reads the same", () => {
    const search = { range: "custom", from: "2026-11-01", to: "2026-11-15", interface: "if_1", q: "anna", sort: "email", dir: "asc" };
    const filters = filtersFromSearch(search);
    expect(filters).toEqual({ range: "custom", from: "2026-11-01", to: "2026-11-15", interfaceId: "if_1", q: "anna", sort: "email", dir: "asc" });
    expect(filtersToSearch(filters)).toEqual(search);
  });

  it("the default order (newest conversion first) and empty filters leave the address bare", () => {
    expect(filtersFromSearch({})).toEqual(NO_FILTERS);
    expect(Object.values(filtersToSearch(NO_FILTERS)).every((v) => v === undefined)).toBe(true);
  });

  it("a hand-edited link's nonsense is dropped: an unknown preset or column, a malformed day, days outside a custom range", () => {
    expect(filtersFromSearch({ range: "yesterday", sort: "password", dir: "up", from: "2026-11-01" })).toEqual(NO_FILTERS);
    expect(filtersFromSearch({ range: "custom", from: "01/11/2026", to: "2026-11-15" })).toMatchObject({ range: "custom", from: "", to: "2026-11-15" });
    // Days only mean something with a custom range.
    expect(filtersFromSearch({ range: "last7", from: "2026-11-01", to: "2026-11-15" })).toMatchObject({ range: "last7", from: "", to: "" });
    // Ends given the wrong way round are put right.
    expect(filtersFromSearch({ range: "custom", from: "2026-11-15", to: "2026-11-01" })).toMatchObject({ from: "2026-11-01", to: "2026-11-15" });
  });

  it("a sort named without a direction takes the column's natural order: words A to Z, dates newest first", () => {
    expect(filtersFromSearch({ sort: "company" }).dir).toBe("asc");
    expect(filtersFromSearch({ sort: "lastActivityAt" }).dir).toBe("desc");
  });

  it("the list query carries the filter, the sort and the cursor; a custom range with no day is no range", () => {
    expect(listQuery({ ...NO_FILTERS, range: "today", interfaceId: "if_1", q: "  bike  " }, "c42")).toEqual({ sort: "convertedAt", dir: "desc", range: "today", interfaceId: "if_1", q: "bike", cursor: "c42" });
    expect(listQuery({ ...NO_FILTERS, range: "custom", from: "2026-11-01", to: "" })).toEqual({ sort: "convertedAt", dir: "desc", range: "custom", from: "2026-11-01" });
    expect(listQuery({ ...NO_FILTERS, range: "custom" })).toEqual({ sort: "convertedAt", dir: "desc" });
  });

  it("the sort alone is not a filter (an empty list then says there are no contacts yet), a date or a word is", () => {
    expect(isFiltered({ ...NO_FILTERS, sort: "name", dir: "asc" })).toBe(false);
    expect(isFiltered({ ...NO_FILTERS, range: "thisMonth" })).toBe(true);
    expect(isFiltered({ ...NO_FILTERS, q: "x" })).toBe(true);
  });

  it("a header clicked turns its column round; another column starts in its natural order; aria-sort follows", () => {
    const byName = sortedBy(NO_FILTERS, "name");
    expect(byName).toMatchObject({ sort: "name", dir: "asc" });
    expect(ariaSort(byName, "name")).toBe("ascending");
    expect(ariaSort(byName, "email")).toBe("none");
    const turned = sortedBy(byName, "name");
    expect(turned.dir).toBe("desc");
    expect(ariaSort(turned, "name")).toBe("descending");
    expect(sortedBy(turned, "convertedAt")).toMatchObject({ sort: "convertedAt", dir: "desc" });
    expect(filtersToSearch(turned)).toMatchObject({ sort: "name", dir: "desc" });
  });
});

describe("the date filter's words", () => {
  it("each preset has its words in English and French", () => {
    const presets = ["today", "last7", "last30", "thisMonth"] as const;
    expect(presets.map((range) => rangeLabel({ range, from: "", to: "" }, textIn("en"), "en"))).toEqual(["Today", "Last 7 days", "Last 30 days", "This month"]);
    expect(presets.map((range) => rangeLabel({ range, from: "", to: "" }, textIn("fr"), "fr"))).toEqual(["Aujourd’hui", "7 derniers jours", "30 derniers jours", "Ce mois-ci"]);
    expect(rangeLabel({ range: "", from: "", to: "" }, textIn("fr"), "fr")).toBe("Toute date");
  });

  it("a custom range names its days as the workspace does, whatever the browser's zone", () => {
    const en = rangeLabel({ range: "custom", from: "2026-11-03", to: "2026-11-15" }, textIn("en"), "en");
    expect(en).toMatch(/Nov 3\s*[–-]\s*15, 2026/);
    const fr = rangeLabel({ range: "custom", from: "2026-11-03", to: "2026-11-15" }, textIn("fr"), "fr");
    expect(fr).toMatch(/3\s*[–-]\s*15 nov\.? 2026/);
    expect(rangeLabel({ range: "custom", from: "2026-11-03", to: "" }, textIn("en"), "en")).toBe("From Nov 3, 2026");
    expect(rangeLabel({ range: "custom", from: "", to: "2026-11-15" }, textIn("fr"), "fr")).toMatch(/^Jusqu’au 15 nov\.? 2026$/);
    expect(rangeLabel({ range: "custom", from: "2026-11-03", to: "2026-11-03" }, textIn("en"), "en")).toBe("Nov 3, 2026");
  });

  it("today is the workspace's day: late evening in Los Angeles is already tomorrow in Paris", () => {
    const at = Date.UTC(2026, 10, 30, 23, 30);
    expect(todayIn("Europe/Paris", at)).toBe("2026-12-01");
    expect(todayIn("America/Los_Angeles", at)).toBe("2026-11-30");
  });

  it("every Contacts text exists in French with the same placeholders", () => {
    const names = (text: string) => [...new Set([...text.matchAll(/\{(\w+)/g)].map((m) => m[1]))].sort();
    for (const [key, text] of Object.entries(contactsEn)) {
      expect(contactsFr[key as keyof typeof contactsEn], key).toBeTruthy();
      expect(names(contactsFr[key as keyof typeof contactsEn]), key).toEqual(names(text));
    }
  });
});

/** A response whose body arrives in the given pieces, as a network would cut it. */
function streamed(pieces: string[], headers: Record<string, string>): Response {
  const bytes = pieces.map((p) => new TextEncoder().encode(p));
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const b of bytes) controller.enqueue(b);
      controller.close();
    },
  });
  return new Response(body, { headers });
}

describe("the CSV export's reader", () => {
  const BOM = "\uFEFF";
  const csv = `${BOM}name,email,notes\r\n"Zoë, the ""boss""",zoe@example.com,"line one\r\nline two"\r\nBen,ben@example.com,🚲\r\n=SUM(A1),x@example.com,plain\r\n`;

  it("counts rows, not line breaks inside quoted fields, whatever the chunks cut (even mid-character), and keeps the bytes as sent", async () => {
    // Cut into 7-byte pieces of the UTF-8 bytes: some pieces end inside « ë », the emoji or a quoted field.
    const all = new TextEncoder().encode(csv);
    const pieces: Uint8Array[] = [];
    for (let i = 0; i < all.length; i += 7) pieces.push(all.slice(i, i + 7));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const p of pieces) controller.enqueue(p);
        controller.close();
      },
    });
    const seen: Array<{ rows: number; total: number | null }> = [];
    const file = await readCsv(new Response(body, { headers: { "X-Total-Count": "3", "Content-Disposition": 'attachment; filename="contacts-2026-11-30.csv"' } }), (p) => seen.push(p));
    expect(file.rows).toBe(3);
    expect(file.filename).toBe("contacts-2026-11-30.csv");
    expect(new Uint8Array(await file.blob.arrayBuffer())).toEqual(all);
    expect(seen[0]).toEqual({ rows: 0, total: 3 });
    expect(seen.at(-1)).toEqual({ rows: 3, total: 3 });
    // Never backwards.
    expect(seen.every((p, i) => i === 0 || p.rows >= seen[i - 1]!.rows)).toBe(true);
  });

  it("a last row without its line break still counts; a header alone is no row", () => {
    const counter = new CsvRowCounter();
    counter.push(new TextEncoder().encode("a,b\r\n1,2"));
    expect(counter.rows).toBe(0);
    expect(counter.finalRows).toBe(1);
    const header = new CsvRowCounter();
    header.push(new TextEncoder().encode("a,b\r\n"));
    expect(header.finalRows).toBe(0);
  });

  it("without X-Total-Count the bar has no fraction; with it, rows over total (an empty export is complete)", async () => {
    const seen: Array<{ rows: number; total: number | null }> = [];
    await readCsv(streamed(["a\n1\n", "2\n"], {}), (p) => seen.push(p));
    expect(seen.at(-1)).toEqual({ rows: 2, total: null });
    expect(progressFraction({ rows: 2, total: null })).toBeNull();
    expect(progressFraction({ rows: 25, total: 100 })).toBe(0.25);
    expect(progressFraction({ rows: 0, total: 0 })).toBe(1);
    expect(progressFraction({ rows: 120, total: 100 })).toBe(1);
  });

  it("cancelling stops the reading with an abort", async () => {
    const controller = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        c.enqueue(new TextEncoder().encode("x,y\n1,2\n"));
      },
    });
    let chunks = 0;
    const reading = readCsv(new Response(body), () => {
      if (++chunks === 3) controller.abort();
    }, controller.signal);
    await expect(reading).rejects.toThrow();
    expect(chunks).toBeLessThan(10);
  });

  it("the file is named from Content-Disposition: the UTF-8 name first, quotes undone, never a path", () => {
    expect(filenameFrom(`attachment; filename="contacts.csv"; filename*=UTF-8''contacts%20%C3%A9t%C3%A9.csv`, "x.csv")).toBe("contacts été.csv");
    expect(filenameFrom('attachment; filename="say \\"hi\\".csv"', "x.csv")).toBe('say "hi".csv');
    expect(filenameFrom("attachment; filename=plain.csv", "x.csv")).toBe("plain.csv");
    expect(filenameFrom('attachment; filename="../../etc/passwd"', "x.csv")).toBe("passwd");
    expect(filenameFrom("attachment", "x.csv")).toBe("x.csv");
    expect(filenameFrom(null, "x.csv")).toBe("x.csv");
  });
});

const row = (id: string, extra: Partial<ContactRow> = {}): ContactRow => ({
  id,
  name: `Name ${id}`,
  email: `${id}@example.com`,
  phone: null,
  company: null,
  interfaceId: "if1",
  interfaceName: "Shop",
  convertedAt: 1,
  convertedBy: null,
  lastActivityAt: null,
  ...extra,
});

describe("merging and erasing a contact", () => {
  it("a contact is never offered to merge with itself", () => {
    expect(mergeCandidates([row("a"), row("b"), row("c")], "b").map((r) => r.id)).toEqual(["a", "c"]);
  });

  it("a contact is named by its name, else its email, else its phone", () => {
    expect(contactLabel(row("a"), "No name")).toBe("Name a");
    expect(contactLabel(row("a", { name: " " }), "No name")).toBe("a@example.com");
    expect(contactLabel(row("a", { name: null, email: null, phone: "+33 1" }), "No name")).toBe("+33 1");
    expect(contactLabel(row("a", { name: null, email: null }), "No name")).toBe("No name");
  });

  it("erasing is confirmed by typing the contact's email (any case), else their name, else the page's word; nothing typed confirms nothing", () => {
    const word = deleteConfirmWord({ email: "Anna@Keller.example", name: "Anna" }, "delete");
    expect(word).toBe("Anna@Keller.example");
    expect(deleteConfirmed("  anna@keller.EXAMPLE ", word)).toBe(true);
    expect(deleteConfirmed("anna", word)).toBe(false);
    expect(deleteConfirmWord({ email: null, name: "Anna" }, "delete")).toBe("Anna");
    expect(deleteConfirmWord({ email: "", name: null }, "supprimer")).toBe("supprimer");
    expect(deleteConfirmed("", "")).toBe(false);
  });

  it("before erasing, the page counts what goes: visitors, conversations, offline threads, appointments, notes", () => {
    const detail = {
      visitorIds: ["v1", "v2"],
      conversations: [{}, {}, {}],
      offlineThreads: [{}],
      appointments: [],
      crm: [{}],
    } as unknown as ContactDetail;
    expect(erasureConsequences(detail, 4)).toEqual({ visitors: 2, conversations: 3, offlineThreads: 1, appointments: 0, notes: 4, crm: 1 });
  });

  it("the erasure report's counts come in a stable order, known places first, with their sum", () => {
    const { rows, total } = erasureRows({ contactId: "c1", at: 1, erased: { zebra: 1, messages: 12, contacts: 1, notes: 2, alpha: 0 } });
    expect(rows.map((r) => r.place)).toEqual(["contacts", "messages", "notes", "alpha", "zebra"]);
    expect(total).toBe(16);
  });
});
