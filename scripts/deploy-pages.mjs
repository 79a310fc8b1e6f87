// `npm run deploy:pages`: builds the console and the widget into dist/pages (the static files, the
// _routes.json that says which paths run the function) and publishes them with `wrangler pages
// deploy` from pages/, whose wrangler.toml names the project and binds the Raibu Worker.
// `npm run deploy:pages -- --dry-run` stops before publishing: it builds, and bundles the function
// into dist/pages-functions the way the deploy does, offline; `--skip-build` reuses dist/public.
// Other arguments go to wrangler (`-- --branch preview-x` publishes a preview deployment).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, OFFLINE_ENV, ROOT } from "./localStack.mjs";
import { routesJson } from "../pages/src/forward.ts";

export const PAGES_DIR = join(ROOT, "pages");
export const PAGES_OUT = join(ROOT, "dist", "pages");
export const FUNCTIONS_OUT = join(ROOT, "dist", "pages-functions");
const WRANGLER = join(ROOT, "node_modules", ".bin", "wrangler");

function wrangler(args, { env = OFFLINE_ENV, quiet = false } = {}) {
  const result = spawnSync(WRANGLER, args, { cwd: PAGES_DIR, env, encoding: "utf8", stdio: quiet ? "pipe" : "inherit" });
  if (result.status !== 0) throw new Error(`wrangler ${args.join(" ")} failed (exit ${result.status})\n${result.stdout ?? ""}${result.stderr ?? ""}`);
}

/**
 * dist/pages: the same console and widget builds the Worker serves (dist/public), plus _routes.json.
 * `skipBuild` reuses a fresh dist/public (the browser tests build once, first).
 */
export function buildPages({ skipBuild = false, quiet = false } = {}) {
  if (!skipBuild) build({ quiet });
  const source = join(ROOT, "dist", "public");
  if (!existsSync(join(source, "app", "index.html"))) throw new Error(`${source} has no console build: run npm run build first`);
  rmSync(PAGES_OUT, { recursive: true, force: true });
  cpSync(source, PAGES_OUT, { recursive: true });
  writeFileSync(join(PAGES_OUT, "_routes.json"), `${JSON.stringify(routesJson(), null, 2)}\n`);
  return PAGES_OUT;
}

/** Bundles pages/functions as `wrangler pages deploy` does, without publishing: dist/pages-functions/index.js. */
export function bundleFunctions({ quiet = false } = {}) {
  rmSync(FUNCTIONS_OUT, { recursive: true, force: true });
  wrangler(["pages", "functions", "build", "--outdir", FUNCTIONS_OUT], { quiet });
  return join(FUNCTIONS_OUT, "index.js");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dryRun = args.includes("--dry-run");
  buildPages({ skipBuild: args.includes("--skip-build") });
  const bundle = bundleFunctions();
  if (dryRun) {
    console.log(`\n  Dry run: ${PAGES_OUT} and the function ${bundle} are built; nothing was published.\n`);
  } else {
    // The real deploy talks to Cloudflare: wrangler's ordinary environment, not the offline one.
    wrangler(["pages", "deploy", ...args.filter((arg) => arg !== "--skip-build")], { env: process.env });
  }
}
