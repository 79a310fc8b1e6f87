// Starts one real dev server (wrangler dev, fresh local state, seeded demo) on a free
// port for every browser test, and stops it afterwards.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { chromiumPath, CHROMIUM_MISSING } from "./browser";
// @ts-expect-error plain ES module shared with npm start
import { freePort, prepareState, startDevServer, writeConfigWithAddressLimits } from "../scripts/localStack.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    persistDir: string;
  }
}

export default async function setup(project: TestProject) {
  if (!chromiumPath()) {
    // One line, no stack trace: the only thing to do is install the browser.
    console.error(`\n${CHROMIUM_MISSING}\n`);
    process.exit(1);
  }
  const persistDir = mkdtempSync(join(tmpdir(), "raibu-e2e-"));
  prepareState(persistDir, { quiet: true });
  const port = await freePort();
  // Every browser test comes from this one address: its per-address limits would make later files wait.
  // INBOUND_DOMAIN: offline replies carry a reply+<token> address, so a test can answer one by email.
  const config = writeConfigWithAddressLimits(10_000);
  const server = await startDevServer({ port, persistDir, config, vars: { SETUP_TOKEN: "e2e-setup-token", INBOUND_DOMAIN: "reply.raibu.local" } });
  project.provide("baseUrl", server.url);
  project.provide("persistDir", persistDir);
  return async () => {
    await server.stop();
    rmSync(persistDir, { recursive: true, force: true });
    rmSync(config, { force: true });
  };
}
