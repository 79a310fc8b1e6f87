import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ES module shared with npm start
import { OFFLINE_ENV, prepareState, ROOT } from "../scripts/localStack.mjs";

function dump(persistDir: string): unknown {
  const sql = "SELECT 'w' AS t, id, name AS v FROM workspaces UNION ALL SELECT 'u', id, email || password_hash FROM users UNION ALL SELECT 'i', id, signing_key || settings FROM chat_interfaces ORDER BY 1, 2";
  const res = spawnSync(join(ROOT, "node_modules", ".bin", "wrangler"), ["d1", "execute", "DB", "--local", "--persist-to", persistDir, "--json", "--command", sql], {
    cwd: ROOT,
    env: OFFLINE_ENV,
    encoding: "utf8",
  });
  if (res.status !== 0) throw new Error(res.stderr);
  return JSON.parse(res.stdout)[0].results;
}

describe("the demo seed of npm start", () => {
  it("running it twice changes nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "raibu-seed-test-"));
    try {
      prepareState(dir, { quiet: true });
      const first = dump(dir);
      prepareState(dir, { quiet: true });
      expect(dump(dir)).toEqual(first);
      expect((first as Array<{ t: string }>).filter((r) => r.t === "i")).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
