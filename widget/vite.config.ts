// Builds the widget app that the loader opens in an iframe: dist/public/widget/.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { aliases } from "../vite.aliases";
import solid from "vite-plugin-solid";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: { alias: aliases },
  root: here("src/app"),
  base: "/widget/",
  plugins: [solid()],
  // One chunk: nothing to preload, so no modulepreload polyfill.
  build: { outDir: here("../dist/public/widget"), emptyOutDir: true, target: "es2020", modulePreload: { polyfill: false } },
});
