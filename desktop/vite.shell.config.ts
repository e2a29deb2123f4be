/**
 * Builds the Electron shell: `--mode main` bundles the main process as an ES module, `--mode preload`
 * bundles the preload script as CommonJS (sandboxed preloads cannot load ES modules). Everything but
 * Electron, Node built-ins and the photo libraries is bundled in: sharp loads a native libvips build
 * and heic-decode a WebAssembly file at run time, so the packaged app ships those two (and what they
 * need) in node_modules.
 */
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const targets = {
  main: { entry: "src/main/index.ts", format: "es", fileName: "index.js" },
  preload: { entry: "src/preload/index.ts", format: "cjs", fileName: "index.cjs" },
} as const;

export default defineConfig(({ mode }) => {
  if (mode !== "main" && mode !== "preload") {
    throw new Error(`Build the shell with --mode main or --mode preload (got "${mode}")`);
  }
  const target = targets[mode];
  return {
    // The shell reads no .env files and has no public/ folder.
    envDir: false,
    publicDir: false,
    build: {
      outDir: fileURLToPath(new URL(`./dist/${mode}`, import.meta.url)),
      emptyOutDir: true,
      target: "node20",
      minify: false,
      sourcemap: true,
      reportCompressedSize: false,
      lib: {
        entry: fileURLToPath(new URL(target.entry, import.meta.url)),
        formats: [target.format],
        fileName: () => target.fileName,
      },
      rollupOptions: {
        external: ["electron", /^node:/, ...builtinModules, /^sharp(\/|$)/, /^heic-decode(\/|$)/],
        onwarn(warning, warn) {
          // zod ships comments Rollup cannot place; they are harmless and would bury real warnings.
          if (warning.code === "INVALID_ANNOTATION") return;
          warn(warning);
        },
      },
    },
  };
});
