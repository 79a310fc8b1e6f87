// Every suite `npm test` runs: the Worker inside workerd (real D1, Durable Objects,
// Queues and R2 through Miniflare), front-end units in Node, and browser tests that
// drive the real console and widget in Debian's Chromium.
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import solid from "vite-plugin-solid";
import { defineConfig } from "vitest/config";
import { aliases } from "./vite.aliases";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("migrations");
  return {
    test: {
      projects: [
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              // DEV_OUTBOX: tests read invitation and reset links from the dev outbox, like `npm start`.
              miniflare: { bindings: { TEST_MIGRATIONS: migrations, SETUP_TOKEN: "test-setup-token", DEV_OUTBOX: "1", INTEGRATIONS_KEY: "test-integrations-key-0123456789" } },
            }),
          ],
          resolve: { alias: aliases },
          test: { name: "worker", include: ["worker/test/**/*.test.ts"], setupFiles: ["worker/test/setup.ts"] },
        },
        {
          plugins: [solid()],
          resolve: { alias: aliases },
          test: { name: "web", include: ["client/test/**/*.test.ts", "web/test/**/*.test.{ts,tsx}", "widget/test/**/*.test.{ts,tsx}", "test/**/*.test.ts"], environment: "node" },
        },
        {
          resolve: { alias: aliases },
          test: {
            name: "e2e",
            include: ["e2e/**/*.test.ts"],
            environment: "node",
            globalSetup: ["e2e/globalSetup.ts"],
            testTimeout: 60_000,
            hookTimeout: 120_000,
            fileParallelism: false,
          },
        },
      ],
    },
  };
});
