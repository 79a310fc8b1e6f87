// Builds the widget app that the loader opens in an iframe: dist/public/widget/.
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import { aliases } from "../vite.aliases";
import solid from "vite-plugin-solid";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The widget's chunks loaded on demand import no stylesheet and nothing to preload, so Vite's
 * preload helper (≈ 0.7 KB gzipped in every visitor's first load) reduces to calling the import.
 * A chunk that imported CSS would lose it; test/budgets.test.ts checks the widget has one stylesheet, its page's.
 */
const plainDynamicImport: Plugin = {
  name: "raibu:plain-dynamic-import",
  enforce: "pre",
  load: (id) => (id === "\0vite/preload-helper.js" ? "export const __vitePreload = (load) => load();" : null),
};

export default defineConfig({
  resolve: { alias: aliases },
  root: here("src/app"),
  base: "/widget/",
  plugins: [plainDynamicImport, solid()],
  // Chunks on demand preload nothing, so no modulepreload polyfill.
  build: { outDir: here("../dist/public/widget"), emptyOutDir: true, target: "es2020", modulePreload: { polyfill: false } },
});
