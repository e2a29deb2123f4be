// npm run bench: install, build, then run every benchmark into bench/results.json.
import path from "node:path";
import { buildWeb, install, ROOT, run } from "./lib.mjs";

try {
  install();
  buildWeb();
  run(path.join(ROOT, "node_modules", ".bin", "tsx"), ["bench/run.ts", ...process.argv.slice(2)]);
} catch (error) {
  console.error(error.message);
  process.exit(error.exitCode ?? 1);
}
