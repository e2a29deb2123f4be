/**
 * Browser tests in Debian's chromium. The web project drives the real app (fresh data folder,
 * embedded PostgreSQL); the desktop project drives the desktop renderer through its test host,
 * which runs the real desktop core against the same web server.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

const WEB_PORT = Number(process.env.E2E_WEB_PORT ?? 3100);
const DESKTOP_PORT = Number(process.env.DESKTOP_TEST_PORT ?? 3200);
const webUrl = `http://localhost:${WEB_PORT}`;
process.env.E2E_WEB_URL = webUrl;
// Set once in the runner; its test workers inherit it, so the tests can reach the server's database.
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "spike-e2e-"));
// Where the desktop tests put the folders they "drop" on the window: the test host maps a dropped
// item named N to DESKTOP_TEST_DROP_ROOT/N, since a browser page cannot see where files live.
process.env.DESKTOP_TEST_DROP_ROOT ??= mkdtempSync(path.join(os.tmpdir(), "spike-e2e-drops-"));

const chromium = {
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: { launchOptions: chromium, trace: "retain-on-failure", screenshot: "only-on-failure" },
  projects: [
    { name: "web", testDir: "e2e/web", use: { baseURL: webUrl } },
    // One at a time: every desktop test drives the same test host, so the same core (one session, one upload).
    // After the web tests: two browsers playing and decoding audio at once once hung the mixer's window.
    { name: "desktop", testDir: "e2e/desktop", workers: 1, dependencies: ["web"], use: { baseURL: `http://127.0.0.1:${DESKTOP_PORT}` } },
  ],
  webServer: [
    {
      command: "node --enable-source-maps build/server-entry/main.js",
      cwd: "web",
      url: `${webUrl}/healthz`,
      timeout: 120_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      env: {
        PORT: String(WEB_PORT),
        APP_URL: webUrl,
        APP_ENV: "development",
        DATA_DIR: process.env.E2E_DATA_DIR,
        // The local print studio moves orders along in seconds rather than the default 20 s a step.
        PRINT_EMULATOR_STEP_SECONDS: "2",
        // Every browser here shares one address; a test that needs a visitor from elsewhere (a
        // referred friend) sends X-Forwarded-For, as a proxy in front of the app would.
        TRUST_PROXY: "true",
      },
    },
    {
      command: "node --import tsx test-host/serve.ts",
      cwd: "desktop",
      url: `http://127.0.0.1:${DESKTOP_PORT}/`,
      timeout: 120_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
      env: { DESKTOP_TEST_PORT: String(DESKTOP_PORT), E2E_WEB_URL: webUrl, DESKTOP_TEST_DROP_ROOT: process.env.DESKTOP_TEST_DROP_ROOT },
    },
  ],
});
