// Builds the call page (/call/<id>?t=<token>), its own small app: dist/public/call/.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import solid from "vite-plugin-solid";
import { aliases } from "../vite.aliases";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: { alias: aliases },
  root: here("."),
  base: "/call/",
  plugins: [solid()],
  // One chunk: nothing on this page is worth loading later.
  build: { outDir: here("../dist/public/call"), emptyOutDir: true, target: "es2022", modulePreload: { polyfill: false } },
});
