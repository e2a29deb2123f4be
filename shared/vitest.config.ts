import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The image engine's tests process real photos; on a busy two-core machine one can take several seconds.
    testTimeout: 30_000,
  },
});
