// Compiles the server entries (main, worker) to plain JavaScript in build/server-entry/, so
// production runs them with node alone. Dependencies stay external; only our own code is bundled.
import path from "node:path";
import { build } from "vite";

const WEB_DIR = path.resolve(import.meta.dirname, "..");

await build({
  configFile: false,
  root: WEB_DIR,
  logLevel: "warn",
  publicDir: false,
  build: {
    ssr: true,
    outDir: "build/server-entry",
    emptyOutDir: true,
    target: "node20",
    sourcemap: true,
    rollupOptions: {
      input: { main: path.join(WEB_DIR, "server/main.ts"), worker: path.join(WEB_DIR, "server/worker.ts") },
      output: { format: "esm", entryFileNames: "[name].js", chunkFileNames: "[name]-[hash].js" },
    },
  },
  ssr: { noExternal: [/^@spike-land\//] },
});
console.log("Server entries compiled to build/server-entry/");
