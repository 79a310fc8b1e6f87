// `npm start`: build the console and the widget, prepare the local database with the
// demo workspace, and serve everything on http://localhost:8787, with the dev outbox on.
// `npm start -- --fresh` first forgets every local conversation, contact and account, so the
// demo is seeded anew (the seed never overwrites rows an earlier version wrote).
import { rmSync } from "node:fs";
import { join } from "node:path";
import { DEMO_ADMIN } from "./seed.mjs";
import { build, prepareState, startDevServer, stopOnSignals, ROOT } from "./localStack.mjs";

const PORT = Number(process.env.PORT ?? 8787);
const persistDir = join(ROOT, ".wrangler", "state");

if (process.argv.includes("--fresh")) {
  rmSync(persistDir, { recursive: true, force: true });
  console.log(`  --fresh: removed ${persistDir}`);
}
build();
prepareState(persistDir);
const server = await startDevServer({ port: PORT, persistDir, inherit: true });
console.log(`
  Raibu is running on ${server.url}
    console      ${server.url}/app/
    demo site    ${server.url}/demo
    API docs     ${server.url}/api/openapi.json
    dev outbox   ${server.url}/app/dev/outbox (admins: emails stay on this machine, none are sent)
  Demo login (local seed only): ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}
`);
stopOnSignals(server);
