// npm start: install, build, then serve (the server starts its embedded PostgreSQL, migrates and seeds).
import path from "node:path";
import { buildWeb, install, serve, WEB } from "./lib.mjs";

try {
  install();
  buildWeb();
} catch (error) {
  console.error(error.message);
  process.exit(error.exitCode ?? 1);
}
serve(path.join(WEB, "node_modules", ".bin", "tsx"), ["server/main.ts"], { cwd: WEB });
