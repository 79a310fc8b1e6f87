// Builds the agent console, served by the Worker under /app/ from dist/public/app.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { aliases } from "../vite.aliases";
import solid from "vite-plugin-solid";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: { alias: aliases },
  root: here("."),
  base: "/app/",
  plugins: [solid()],
  build: { outDir: here("../dist/public/app"), emptyOutDir: true, target: "es2022" },
});
