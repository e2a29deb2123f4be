// npm start: install, build, then serve (the server starts its embedded PostgreSQL, migrates and seeds).
import { buildWeb, ensureAudioPackages, ensureBoxPackages, install, serve, SERVER_NODE_FLAGS, WEB } from "./lib.mjs";

try {
  install();
  buildWeb();
} catch (error) {
  console.error(error.message);
  process.exit(error.exitCode ?? 1);
}
try {
  ensureBoxPackages();
} catch (error) {
  // The rest of the app runs without them; starting a box says what to install.
  console.error(`${error.message}: boxes cannot start until xvfb, x11vnc and chromium are installed.`);
}
try {
  ensureAudioPackages();
} catch (error) {
  console.error(`${error.message}: audio uploads and mixdowns need ffmpeg.`);
}
serve(process.execPath, [...SERVER_NODE_FLAGS, "build/server-entry/main.js"], { cwd: WEB });
