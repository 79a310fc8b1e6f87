// A seeded state kept between bench runs: the disk cache (`cache`), worked on in a copy on tmpfs (`work`),
// where a database's commits cost no fsync. Seeding 100,000 rows through the real endpoints takes a long
// time, so each run goes on from what the last one left.
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";

/** The work folder: an interrupted run's, else a copy of the disk cache, else empty. */
export function openWork({ cache, work }) {
  if (existsSync(join(work, "meta.json"))) return;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(dirname(work), { recursive: true });
  if (existsSync(join(cache, "meta.json"))) cpSync(cache, work, { recursive: true });
  else mkdirSync(join(work, "state"), { recursive: true });
}

/** Back to the disk cache when this run changed it (through a temporary copy, so a cut leaves one whole copy), then the work folder goes. */
export function closeWork({ cache, work }, changed) {
  if (changed && existsSync(join(work, "meta.json"))) {
    rmSync(`${cache}.tmp`, { recursive: true, force: true });
    cpSync(work, `${cache}.tmp`, { recursive: true });
    rmSync(cache, { recursive: true, force: true });
    renameSync(`${cache}.tmp`, cache);
  }
  rmSync(work, { recursive: true, force: true });
}
