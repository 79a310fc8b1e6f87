// Seeds the `export` section's contacts through the real endpoints, as they are made in the console: a visitor's
// page view (widget session), then an agent's « Mark as contact » with the details. Names, emails, companies and
// custom fields come from small word lists, with accents, commas, quotes and rare words to search for.
import { performance } from "node:perf_hooks";
import { api, apiOk } from "./chaosApi.mjs";
import { percentile, round, sleep } from "./lib/stats.mjs";

const FIRST = ["Jeanne", "Louis", "Camille", "Hugo", "Léa", "Jules", "Chloé", "Lucas", "Manon", "Nathan", "Inès", "Gabriel", "Sarah", "Arthur", "Émilie", "Paul", "Alice", "Tom", "Zoé", "Noah", "María", "Ahmed", "Yuki", "Olga", "Pedro", "Anna", "Liam", "Nora", "Omar", "Ségolène"];
const LAST = ["Moreau", "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Simon", "Laurent", "Lefèvre", "Michel", "García", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martínez", "O'Brien"];
const COMPANIES = ["Vélos Dupont", "Acme, Inc.", "Les « Ateliers » Réunis", 'The "Cargo" Co', "Café de la Gare", "Nordwind GmbH", "Tōkyō Bikes", "Studio Ünal", "Brasserie 1664", "Mécanique & Fils", "=Formula Ltd", "-Minus SARL", "+Plus SAS", "@Handle Corp"];
const TITLES = ["CEO", "Buyer", "Head of fleet", "Responsable achats", "Mechanic", "Directrice", "Office manager", "CTO"];
const CITIES = [["Lyon", "France"], ["Paris", "France"], ["Montréal", "Canada"], ["Genève", "Suisse"], ["Bruxelles", "Belgique"], ["Köln", "Deutschland"], ["São Paulo", "Brasil"], ["London", "United Kingdom"]];
const DOMAINS = ["example.com", "mail.example", "velo.example", "post.example", "shop.example"];
const PLANS = ["free", "pro", "business", "enterprise"];
const SOURCES = ["google", "newsletter", "salon", "bouche-à-oreille", "partner"];

/** The rare terms the measured searches look for, and how often the seed writes each (one contact in `every`). */
export const NEEDLES = {
  name: { term: "Zéphyrine", every: 500 },
  company: { term: "Lyon Cycles", every: 700 },
};

/** The contact of index `i`: deterministic, so a cached seed and a fresh one look alike. Emails are unique (one contact each). */
export function seedContact(i) {
  const pick = (list, k) => list[(i * k + (i >> 3)) % list.length];
  const first = i % NEEDLES.name.every === 7 ? NEEDLES.name.term : pick(FIRST, 7);
  const last = pick(LAST, 13);
  const ascii = (s) => s.toLowerCase().normalize("NFD").replace(/[^a-z]/g, "");
  const [city, country] = pick(CITIES, 5);
  const customFields = { plan: pick(PLANS, 3) };
  if (i % 2 === 0) customFields.source = pick(SOURCES, 11);
  if (i % 5 === 0) customFields["taille d'équipe"] = String(1 + (i % 250));
  if (i % 97 === 0) customFields.commentaire = `Rappeler, « urgent » 📞\nligne 2, "citée"`;
  return {
    name: `${first} ${last}`,
    email: `${ascii(first)}.${ascii(last)}${i}@${pick(DOMAINS, 3)}`,
    phone: i % 3 === 0 ? "" : `+33 6 ${String(10_000_000 + i).slice(-8)}`,
    company: i % NEEDLES.company.every === 11 ? NEEDLES.company.term : pick(COMPANIES, 17),
    jobTitle: pick(TITLES, 19),
    website: i % 4 === 0 ? `https://www.${pick(DOMAINS, 3)}/${i}` : "",
    address: i % 6 === 0 ? `${1 + (i % 120)}, rue de la République` : "",
    city,
    country,
    customFields,
  };
}

/** How many of the seeded contacts (their indices) carry each needle: what a search may find. */
export function needleCounts(indices) {
  const c = { name: 0, company: 0 };
  for (const i of indices) {
    if (i % NEEDLES.name.every === 7) c.name += 1;
    if (i % NEEDLES.company.every === 11) c.company += 1;
  }
  return c;
}

/** Two interfaces (English and French) whose widget may open on any local port. Answers their ids. */
export async function contactInterfaces(base, admin, origin) {
  const ids = [];
  for (const [name, language] of [
    ["Export bench EN", "en"],
    ["Export bench FR", "fr"],
  ]) {
    const { body } = await apiOk(base, "POST", "/api/interfaces", { cookie: admin.cookie, body: { name, language, allowedOrigins: [origin] } });
    ids.push(body.id);
  }
  return ids;
}

/** One contact as the console makes it: the visitor's page view, then « Mark as contact ». Answers the contact's id. */
async function seedOne(base, agent, interfaceId, i) {
  const t0 = performance.now();
  const { body: s } = await apiOk(base, "POST", "/api/widget/session", { body: { interfaceId, hostOrigin: base, page: { url: `${base}/demo/contact`, title: `export ${i}` } } });
  const fields = seedContact(i);
  const res = await api(base, "PUT", `/api/visitors/${s.visitorId}/contact`, { cookie: agent.cookie, body: fields });
  if (res.status !== 200) throw new Error(`PUT /api/visitors/${s.visitorId}/contact → ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  // The capture answers the contact, or (once it can merge) `{ contact, mergedInto }`.
  const contactId = res.body.contact?.id ?? res.body.id;
  return { contactId, ms: performance.now() - t0 };
}

/**
 * Seeds every index of `indices` with `concurrency` captures at a time, calling `record(i, contactId)` as each
 * completes; a failing one is made again from a new visitor (at most `retries` times). Stops taking new indices
 * at `stopAt` (performance.now()); `progress(rate)` hears the rate so far every 30 s. Answers the rate and its spread.
 */
export async function seedContacts({ base, agent, interfaceIds, indices, concurrency, log, record, progress, stopAt = Infinity, retries = 3 }) {
  const t0 = performance.now();
  const times = [];
  let made = 0;
  let failures = 0;
  let lastLog = t0;
  let next = 0;
  const rate = (now) => ({ contacts: made, concurrency, wall_s: round((now - t0) / 1000, 1), contacts_per_s: round(made / Math.max(0.001, (now - t0) / 1000), 1), retried: failures });
  const worker = async () => {
    while (next < indices.length && performance.now() < stopAt) {
      const i = indices[next++];
      for (let attempt = 0; ; attempt++) {
        try {
          const { contactId, ms } = await seedOne(base, agent, interfaceIds[i % interfaceIds.length], i);
          times.push(ms);
          record(i, contactId);
          break;
        } catch (err) {
          failures += 1;
          if (attempt >= retries) throw new Error(`seeding contact ${i} failed ${attempt + 1} times; last: ${err.message ?? err}`);
          await sleep(500 * (attempt + 1));
        }
      }
      made += 1;
      const now = performance.now();
      if (now - lastLog > 30_000) {
        lastLog = now;
        log(`export: ${made} of ${indices.length} contacts seeded in this run (${rate(now).contacts_per_s} contacts/s, ${failures} retried)`);
        progress?.(rate(now));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, indices.length) }, worker));
  times.sort((a, b) => a - b);
  return { ...rate(performance.now()), per_contact_p50_ms: round(percentile(times, 50), 0), per_contact_p95_ms: round(percentile(times, 95), 0) };
}
