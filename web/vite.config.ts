import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

const underTest = process.env.VITEST === "true";

export default defineConfig({
  plugins: [
    tailwindcss(),
    !underTest &&
      remix({
        ignoredRouteFiles: ["**/*.test.ts", "**/*.test.tsx"],
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_singleFetch: true,
          // Off: with this many routes, matching each document request against them for a partial
          // manifest costs more server time than the full manifest (one cached script) saves.
          v3_lazyRouteDiscovery: false,
        },
      }),
  ],
  server: { port: 3000 },
  build: { target: "es2022" },
  ssr: { noExternal: [/^@spike-land\//] },
});
