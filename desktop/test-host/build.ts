/**
 * Builds what the browser test host serves: the real renderer (with the product's own Vite config)
 * and the preload stand-in, into a throwaway folder so it never touches dist/.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Rollup } from "vite";

const DESKTOP_DIR = fileURLToPath(new URL("..", import.meta.url));
export const SHIM_FILE_NAME = "preload-shim.js";

function quietZodAnnotations(warning: Rollup.RollupLog, warn: (warning: Rollup.RollupLog) => void) {
  if (warning.code === "INVALID_ANNOTATION") return;
  warn(warning);
}

/** Returns the folders holding the renderer (with index.html) and the shim script. */
export async function buildTestHostAssets(outDir: string): Promise<{ rendererDir: string; shimDir: string }> {
  const rendererDir = join(outDir, "renderer");
  const shimDir = join(outDir, "shim");
  await Promise.all([
    build({
      configFile: join(DESKTOP_DIR, "vite.renderer.config.ts"),
      logLevel: "warn",
      build: { outDir: rendererDir, emptyOutDir: true },
    }),
    build({
      configFile: false,
      root: DESKTOP_DIR,
      envDir: false,
      publicDir: false,
      logLevel: "warn",
      build: {
        outDir: shimDir,
        emptyOutDir: true,
        minify: false,
        target: "chrome120",
        reportCompressedSize: false,
        lib: {
          entry: join(DESKTOP_DIR, "test-host", "preload-shim.ts"),
          formats: ["iife"],
          name: "spikeLandPreloadShim",
          fileName: () => SHIM_FILE_NAME,
        },
        rollupOptions: { onwarn: quietZodAnnotations },
      },
    }),
  ]);
  return { rendererDir, shimDir };
}
