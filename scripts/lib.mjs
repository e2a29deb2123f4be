// Shared steps of the start, test and bench scripts: install with the pinned pnpm, run tools, find chromium.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const WEB = path.join(ROOT, "web");
const PNPM = ["--yes", "pnpm@10.34.9"];

/** Runs a command to completion with inherited output; throws with its name when it fails. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: ROOT, ...options, env: { ...process.env, ...options.env } });
  if (result.status !== 0) {
    const error = new Error(`${[command, ...args].join(" ")} failed (exit ${result.status ?? result.signal})`);
    error.exitCode = result.status ?? 1;
    throw error;
  }
}

export function pnpm(args, options = {}) {
  run("npx", [...PNPM, ...args], options);
}

/** Installs exactly what the lockfile says. Electron's binary cannot be downloaded here and is not needed to run or test. */
export function install() {
  console.log("› Installing dependencies (pnpm, frozen lockfile)…");
  pnpm(["install", "--frozen-lockfile", "--prefer-offline"], { env: { ELECTRON_SKIP_BINARY_DOWNLOAD: "1" } });
}

export function buildWeb() {
  console.log("› Building the web app…");
  run(path.join(WEB, "node_modules", ".bin", "remix"), ["vite:build"], { cwd: WEB });
  // The server entries too, so production runs plain node (no TypeScript loader, one copy of the app).
  run(process.execPath, ["server/build-entry.mjs"], { cwd: WEB });
}

/**
 * How production runs the web server's node. A young generation of 32 MB (V8's default is 16) lets
 * the short-lived objects of each page render die young: about a fifth less CPU per page in bench/ssr.ts.
 */
export const SERVER_NODE_FLAGS = ["--enable-source-maps", "--max-semi-space-size=32"];

export const CHROMIUM = "/usr/bin/chromium";

/** Browser tests use Debian's chromium; install it when missing and we are root, else explain. */
export function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    console.error(`Browser tests need Debian's chromium at ${CHROMIUM}. Install it with:\n  sudo apt-get update && sudo apt-get install -y chromium`);
    process.exit(1);
  }
  console.log("› Installing chromium from Debian (needed by the browser tests)…");
  run("apt-get", ["update", "-q"]);
  run("apt-get", ["install", "-y", "-q", "chromium"], { env: { DEBIAN_FRONTEND: "noninteractive" } });
}

const BOX_BINARIES = [
  ["xvfb", "/usr/bin/Xvfb"],
  ["x11vnc", "/usr/bin/x11vnc"],
  ["chromium", CHROMIUM],
];

const AUDIO_BINARIES = [["ffmpeg", "/usr/bin/ffmpeg"]];

/**
 * Installs the Debian packages whose binaries are missing when we are root; otherwise prints the
 * command and returns `false`: the app still runs, and the feature that needs them says what to install.
 */
function ensureDebianPackages(binaries, purpose) {
  const missing = binaries.filter(([, binary]) => !existsSync(binary)).map(([pkg]) => pkg);
  if (missing.length === 0) return true;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    const names = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(", ")} and ${missing.at(-1)}`;
    console.error(`${purpose} need ${names}: sudo apt-get install -y ${missing.join(" ")}`);
    return false;
  }
  console.log(`› Installing ${missing.join(", ")} from Debian (needed by ${purpose.toLowerCase()})…`);
  run("apt-get", ["update", "-q"]);
  run("apt-get", ["install", "-y", "-q", ...missing], { env: { DEBIAN_FRONTEND: "noninteractive" } });
  return true;
}

/** Boxes (cloud desktops) run Debian's Xvfb, x11vnc and chromium; until then starting a box fails. */
export function ensureBoxPackages() {
  return ensureDebianPackages(BOX_BINARIES, "Boxes");
}

/** The audio mixer decodes uploads and renders mixdowns with Debian's ffmpeg; until then uploads are refused. */
export function ensureAudioPackages() {
  return ensureDebianPackages(AUDIO_BINARIES, "Audio uploads and mixdowns");
}

/** Starts a long-running child and forwards Ctrl-C / SIGTERM to it so it can shut down cleanly. */
export function serve(command, args, options = {}) {
  const child = spawn(command, args, { stdio: "inherit", cwd: ROOT, ...options, env: { ...process.env, ...options.env } });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => process.exit(code ?? 0));
  return child;
}
