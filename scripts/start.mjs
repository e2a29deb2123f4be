// npm start: install, build, then serve (the server starts its embedded PostgreSQL, migrates and seeds).
import { buildWeb, install, serve, SERVER_NODE_FLAGS, WEB } from "./lib.mjs";

try {
  install();
  buildWeb();
} catch (error) {
  console.error(error.message);
  process.exit(error.exitCode ?? 1);
}
serve(process.execPath, [...SERVER_NODE_FLAGS, "build/server-entry/main.js"], { cwd: WEB });
