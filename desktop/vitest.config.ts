/** Unit and integration tests for the core, the IPC adapter, the bridge and the test host, all in Node. */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test-host/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
  },
});
