// Console → Contacts in a real browser against the real Worker: contacts made through the real
// endpoints (a visitor's page view, then « Mark as contact »), found by their words, kept by
// « Today » and by a custom range holding today, gone under a range of other days (the address
// keeps the filter over a reload); sorted by a header; one opened, a field edited and still there
// after a reload; the list's CSV export downloaded and read back with a CSV parser; the table at
// laptop widths and as cards on a phone; an admin's merge and erasure.
import { readFileSync } from "node:fs";
import Papa from "papaparse";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { apiSession, type ApiSession } from "./adminApi";
import { browserProfiles, signIn } from "./browser";

const baseUrl = inject("baseUrl");
const newContext = browserProfiles();

interface Person {
  name: string;
  email: string;
  phone: string;
  company: string;
}

/** A new visitor on the demo site (a page view), then saved as a contact by the agent; answers the contact's id. */
async function captured(agent: ApiSession, person: Person): Promise<string> {
  const res = await fetch(`${baseUrl}/api/widget/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: baseUrl },
    body: JSON.stringify({ interfaceId: "demo-website", hostOrigin: baseUrl, page: { url: `${baseUrl}/demo`, title: "Demo" } }),
  });
  expect(res.status).toBe(200);
  const { visitorId } = (await res.json()) as { visitorId: string };
  const saved = await agent.call<{ id: string; mergedInto: string | null }>("PUT", `/api/visitors/${visitorId}/contact`, { ...person, customFields: { plan: "pro" } });
  expect(saved.mergedInto).toBeNull();
  return saved.id;
}

const rows = (page: Page) => page.getByTestId("contact-row");
const names = (page: Page) => page.getByTestId("contact-link").allTextContents();

describe("Console → Contacts", () => {
  const stamp = `s${Date.now()}`;
  // Names in reverse alphabetical order of their making: the default order (newest first) is A to Z here.
  const people: Person[] = [
    { name: `Chloé Martin ${stamp}`, email: `chloe.${stamp}@martin.example`, phone: "+33 6 12 34 56 78", company: `Atelier ${stamp}` },
    { name: `Bruno Keller ${stamp}`, email: `bruno.${stamp}@keller.example`, phone: "+49 30 1234", company: `Keller, Söhne & Co ${stamp}` },
    { name: `Anna Weiss ${stamp}`, email: `anna.${stamp}@weiss.example`, phone: "=1+2", company: `Weiss "Design" ${stamp}` },
  ];
  let agent: ApiSession;
  let timeZone: string;

  beforeAll(async () => {
    agent = await apiSession(baseUrl, "agent@raibu.local", "raibu-agent");
    for (const person of people) await captured(agent, person);
    ({ timeZone } = (await agent.call<{ workspace: { timeZone: string } }>("GET", "/api/me")).workspace);
  });

  it(
    "the agent finds today's contacts by their words and by date (today, a range holding today, not a range of other days), sorts them, edits one (still there after a reload) and exports the list as a CSV file whose rows are those contacts",
    async () => {
      const page = await (await newContext()).newPage();
      await page.setViewportSize({ width: 1280, height: 860 });
      await signIn(page, baseUrl, "agent@raibu.local", "raibu-agent");
      await page.getByTestId("main-nav").getByRole("link", { name: "Contacts" }).click();
      await page.getByTestId("contacts-page").waitFor();

      // The search box narrows to the three (after a pause in typing), and the address keeps it.
      await page.getByTestId("contacts-search").fill(stamp);
      await expect.poll(() => page.url()).toContain(`q=${stamp}`);
      await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBe(3);
      await expect.poll(() => page.getByTestId("contacts-total").textContent()).toContain("3 contacts");
      // Newest conversion first.
      expect(await names(page)).toEqual(people.map((p) => p.name).reverse());

      // « Today »: they were made today in the workspace's days.
      await page.getByTestId("contacts-range").selectOption("today");
      await expect.poll(() => page.url()).toContain("range=today");
      await expect.poll(() => rows(page).count()).toBe(3);

      // A custom range of other days: none of them, and the list says no contact matches (not « no contacts yet »).
      await page.getByTestId("contacts-range").selectOption("custom");
      await page.getByTestId("contacts-from").fill("2020-01-01");
      await page.getByTestId("contacts-to").fill("2020-01-31");
      await page.getByTestId("contacts-empty-filtered").waitFor();
      expect(await rows(page).count()).toBe(0);
      expect(page.url()).toContain("from=2020-01-01");
      expect(page.url()).toContain("to=2020-01-31");
      await page.reload();
      await page.getByTestId("contacts-empty-filtered").waitFor();
      expect(await page.getByTestId("contacts-from").inputValue()).toBe("2020-01-01");

      // A range ending today holds them again.
      const today = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(Date.now());
      await page.getByTestId("contacts-to").fill(today);
      await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBe(3);

      // Sorted by name (A to Z, then Z to A), aria-sort saying so.
      await page.getByTestId("contacts-sort-name").click();
      await expect.poll(() => names(page)).toEqual(people.map((p) => p.name).sort());
      expect(await page.locator('th[data-column="name"]').getAttribute("aria-sort")).toBe("ascending");
      await page.getByTestId("contacts-sort-name").click();
      await expect.poll(() => names(page)).toEqual(people.map((p) => p.name).sort().reverse());
      expect(await page.locator('th[data-column="name"]').getAttribute("aria-sort")).toBe("descending");
      const listUrl = page.url();

      // Bruno's page: his fields; the company edited, saved, and still so after a reload.
      await page.getByTestId("contact-link").filter({ hasText: people[1]!.name }).click();
      await page.getByTestId("contact-page").waitFor();
      const company = page.getByTestId("contact-field-company");
      expect(await page.getByTestId("contact-field-email").inputValue()).toBe(people[1]!.email);
      expect(await company.inputValue()).toBe(people[1]!.company);
      // Over the schema's limit: said beside the field, nothing saved.
      await company.fill("x".repeat(121));
      await page.getByTestId("contact-fields").getByText("At most 120 characters.").waitFor();
      const edited = `Keller Fahrräder ${stamp}`;
      await company.fill(edited);
      await page.getByTestId("contact-fields-save").click();
      await page.getByTestId("contact-fields-outcome").getByText("Saved.").waitFor();
      await page.getByTestId("contact-event").filter({ hasText: "Details edited" }).waitFor();
      await page.reload();
      await page.getByTestId("contact-page").waitFor();
      await expect.poll(() => page.getByTestId("contact-field-company").inputValue()).toBe(edited);
      expect(await page.getByTestId("contact-event").filter({ hasText: "Details edited" }).getByText("Company").count()).toBe(1);

      // Back to the list as it was left; the edit shows there.
      await page.goto(listUrl);
      await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBe(3);
      await rows(page).filter({ hasText: edited }).waitFor();

      // « Export CSV »: the file is the filter's contacts, read back with a CSV parser.
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("contacts-export-start").click()]);
      expect(download.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
      await page.getByTestId("contacts-export-outcome").getByText("3 contacts exported").waitFor();
      const text = readFileSync((await download.path())!, "utf8");
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
      expect(parsed.errors).toEqual([]);
      expect(parsed.meta.fields).toEqual(expect.arrayContaining(["Name", "Email", "Phone", "Company", "Converted on", "plan"]));
      const byEmail = new Map(parsed.data.map((row) => [row.Email, row]));
      expect([...byEmail.keys()].sort()).toEqual(people.map((p) => p.email).sort());
      expect(byEmail.get(people[1]!.email)).toMatchObject({ Name: people[1]!.name, Company: edited, Phone: "'+49 30 1234", plan: "pro" });
      expect(byEmail.get(people[2]!.email)).toMatchObject({ Company: people[2]!.company, Phone: "'=1+2" });
    },
    120_000,
  );

  it("at 1024, 1280 and 1600 px the table fits its card without scrolling sideways; on a phone the contacts are cards, each line labelled, sorted by a select", async () => {
    const page = await (await newContext()).newPage();
    await signIn(page, baseUrl, "agent@raibu.local", "raibu-agent");
    for (const width of [1024, 1280, 1600]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${baseUrl}/app/contacts?q=${stamp}`);
      await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBe(3);
      const table = page.getByTestId("contacts-table");
      const fits = await table.evaluate((el) => el.scrollWidth <= el.parentElement!.clientWidth);
      expect(fits, `the table is wider than its card at ${width} px`).toBe(true);
      expect(await page.locator("html").evaluate((el) => el.scrollWidth), `the page scrolls sideways at ${width} px`).toBeLessThanOrEqual(width);
      expect(await page.getByTestId("contacts-sort-name").isVisible()).toBe(true);
    }

    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${baseUrl}/app/contacts?q=${stamp}`);
    await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBe(3);
    // A row is a block (a card); its email line carries its label before it.
    expect(await rows(page).first().evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).display)).toBe("block");
    const label = await rows(page).first().locator("td[data-label]").first().evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el, "::before").content);
    expect(label).toBe('"Email"');
    expect(await page.locator("html").evaluate((el) => el.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByTestId("contacts-sort-select").selectOption("name:asc");
    await expect.poll(() => names(page)).toEqual(people.map((p) => p.name).sort());
    expect(page.url()).toContain("sort=name");
  });

  it(
    "an admin merges another contact into the one on screen (the page shows the merged contact, its empty phone filled from the other) and erases it after typing its email: the report counts what went, and the list no longer has it",
    async () => {
      const mark = `m${Date.now()}`;
      const keep = await captured(agent, { name: `Dora Lind ${mark}`, email: `dora.${mark}@lind.example`, phone: "", company: `Lind ${mark}` });
      const other = await captured(agent, { name: `D. Lind ${mark}`, email: `d.lind.${mark}@mail.example`, phone: "+46 8 123 45", company: "" });
      const page = await (await newContext()).newPage();
      await page.setViewportSize({ width: 1280, height: 860 });
      await signIn(page, baseUrl, "admin@raibu.local", "raibu-admin");
      await page.goto(`${baseUrl}/app/contacts/${keep}`);
      await page.getByTestId("contact-page").waitFor();
      expect(await page.getByTestId("contact-field-phone").inputValue()).toBe("");

      // Merge with…: the other found by its email, confirmed.
      await page.getByTestId("contact-merge").click();
      const merge = page.getByTestId("merge-dialog");
      await merge.getByTestId("merge-search").fill(mark);
      await merge.getByTestId("merge-candidate").filter({ hasText: `D. Lind ${mark}` }).click();
      expect(await merge.getByTestId("merge-confirm-body").textContent()).toContain(`D. Lind ${mark} becomes part of Dora Lind ${mark}`);
      await merge.getByTestId("merge-confirm").click();
      await page.getByTestId("contact-notice").getByText(`Merged with D. Lind ${mark}.`).waitFor();
      await expect.poll(() => page.getByTestId("contact-field-phone").inputValue()).toBe("+46 8 123 45");
      await page.getByTestId("contact-event").filter({ hasText: "Merged with another contact" }).waitFor();
      await expect(agent.call("GET", `/api/contacts/${other}`)).rejects.toThrow(/404/);

      // Delete: what goes is said (both visitors now), the email typed confirms, then the report.
      await page.getByTestId("contact-delete").click();
      const erase = page.getByTestId("delete-dialog");
      expect(await erase.getByTestId("delete-consequences").textContent()).toContain("2 visitor records");
      expect(await erase.getByTestId("delete-confirm").isDisabled()).toBe(true);
      await erase.getByTestId("delete-type").fill(`DORA.${mark}@lind.example`);
      await erase.getByTestId("delete-confirm").click();
      await erase.getByTestId("erasure-report").waitFor();
      expect(await erase.locator('[data-testid="erasure-row"][data-place="contacts"]').textContent()).toContain("1");
      expect(await erase.locator('[data-testid="erasure-row"][data-place="visitors"]').textContent()).toContain("2");
      await erase.getByTestId("delete-back").click();
      await page.getByTestId("contacts-page").waitFor();
      await page.getByTestId("contacts-search").fill(mark);
      await page.getByTestId("contacts-empty-filtered").waitFor();
      await expect(agent.call("GET", `/api/contacts/${keep}`)).rejects.toThrow(/404/);
    },
    90_000,
  );
});
