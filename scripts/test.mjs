// npm test: install, then every test: unit and integration (vitest, real PostgreSQL) and browser (Playwright, Debian chromium).
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { buildWeb, ensureAudioPackages, ensureBoxPackages, ensureChromium, install, pnpm, ROOT, run } from "./lib.mjs";

// Not test-results/: Playwright empties that folder when it starts.
const reports = path.join(ROOT, "test-reports");
rmSync(reports, { recursive: true, force: true });

function counts() {
  let passed = 0;
  let failed = 0;
  for (const name of ["vitest-shared.json", "vitest-web.json", "vitest-desktop.json"]) {
    try {
      const report = JSON.parse(readFileSync(path.join(reports, name), "utf8"));
      passed += report.numPassedTests;
      failed += report.numFailedTests;
    } catch {
      /* that suite did not run */
    }
  }
  try {
    const report = JSON.parse(readFileSync(path.join(reports, "playwright.json"), "utf8"));
    passed += report.stats.expected;
    failed += report.stats.unexpected + report.stats.flaky;
  } catch {
    /* browser tests did not run */
  }
  return { passed, failed };
}

let status = 0;
try {
  install();
  ensureChromium();
  // The box tests start real desktops.
  if (!ensureBoxPackages()) throw new Error("The box tests need the packages above.");
  if (!ensureAudioPackages()) throw new Error("The audio tests need ffmpeg.");
  // Built first: the crash-recovery test starts the production server, as the browser tests do.
  buildWeb();
  // Lint includes the layer boundaries of docs/architecture.md; a crossed boundary fails the run.
  console.log("› Lint (rules and layer boundaries)");
  run(path.join(ROOT, "node_modules", ".bin", "eslint"), ["."]);
  for (const pkg of ["shared", "web", "desktop"]) {
    console.log(`› Unit and integration tests: ${pkg}`);
    pnpm(["--filter", `./${pkg}`, "exec", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile=${path.join(reports, `vitest-${pkg}.json`)}`]);
  }
  console.log("› Browser tests (Playwright + chromium)…");
  run(path.join(ROOT, "node_modules", ".bin", "playwright"), ["test"], {
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(reports, "playwright.json") },
  });
} catch (error) {
  console.error(error.message);
  status = error.exitCode ?? 1;
}
const { passed, failed } = counts();
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(status || (failed > 0 ? 1 : 0));
