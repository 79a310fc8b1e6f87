// The tests' environment: the Worker's (worker/src/env.ts) plus the migrations vitest.config.ts binds.
import "../src/env";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    }
  }
}
