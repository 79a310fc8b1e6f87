// Builds the loader as one small classic script: dist/public/widget.js.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { aliases } from "../vite.aliases";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: { alias: aliases },
  build: {
    outDir: here("../dist/public"),
    emptyOutDir: false,
    target: "es2020",
    minify: true,
    lib: { entry: here("src/loader/index.ts"), formats: ["iife"], name: "RaibuLoader", fileName: () => "widget.js" },
  },
});
