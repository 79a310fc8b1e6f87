import type { Env as RaibuEnv } from "../src/env";

declare global {
  namespace Cloudflare {
    interface Env extends RaibuEnv {
      TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    }
    interface GlobalProps {
      mainModule: typeof import("../src/index");
    }
  }
}
