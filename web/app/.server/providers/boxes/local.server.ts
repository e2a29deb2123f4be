/**
 * The embedded box provider: each box is three local processes, an Xvfb display, an x11vnc server on
 * it (localhost only, the box's own password) and a Chromium on that display with DevTools on a
 * localhost port. Each process runs in its own process group, detached from the server, so boxes
 * outlive a server restart and are adopted (or cleaned up) by the next one. Profiles live under
 * `${DATA_DIR}/boxes/<id>/profile`. Where a writable cgroup v2 with the memory and cpu controllers
 * is available, each box gets its tier's memory.max and cpu.max; elsewhere boxes run without limits.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomInt } from "node:crypto";
import { accessSync, closeSync, constants, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmdirSync, rmSync, writeFileSync, type Dirent } from "node:fs";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import type { BoxHealth, BoxProvider, BoxRuntime, BoxSpec } from "./types.ts";

const run = promisify(execFile);

export const SCREEN = { width: 1280, height: 800 } as const;
const FIRST_DISPLAY = 100;
const START_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 3_000;
const PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/** A box could not be started or reached; the message is fit to show its owner. */
export class BoxProviderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BoxProviderError";
  }
}

export type LocalBoxOptions = {
  /** The app's data folder; boxes keep their files in `<dataDir>/boxes/<id>`. */
  dataDir: string;
  /** A cgroup v2 folder the app may create child cgroups in (BOX_CGROUP); found on its own when unset. */
  cgroupParent?: string | null;
  /** Binaries, found on PATH when not given. */
  binaries?: Partial<Record<"xvfb" | "x11vnc" | "chromium", string>>;
};

const BINARY_NAMES = { xvfb: ["Xvfb"], x11vnc: ["x11vnc"], chromium: ["chromium", "chromium-browser"] } as const;
type Binary = keyof typeof BINARY_NAMES;

function findOnPath(names: readonly string[]): string | null {
  for (const dir of (process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin").split(path.delimiter)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

/** Debian packages the local provider needs and cannot find (empty when boxes can run). */
export function missingBoxPackages(binaries: LocalBoxOptions["binaries"] = {}): string[] {
  return (Object.keys(BINARY_NAMES) as Binary[]).filter((name) => !(binaries[name] ?? findOnPath(BINARY_NAMES[name])));
}

/** What to tell someone whose box cannot start because packages are missing, or null. */
export function missingPackagesMessage(missing: string[]): string | null {
  if (missing.length === 0) return null;
  const names = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(", ")} and ${missing.at(-1)}`;
  return `Boxes need ${names}: sudo apt-get install -y ${missing.join(" ")}`;
}

export function randomVncPassword(): string {
  let password = "";
  for (let i = 0; i < 8; i += 1) password += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return password;
}

// ---- Processes ---------------------------------------------------------------------------------

type ProcState = { pid: number; state: string; pgrp: number };

function readStat(pid: number): ProcState | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces and parentheses: the fields start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { pid, state: fields[0]!, pgrp: Number(fields[2]) };
  } catch {
    return null;
  }
}

function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return [];
  }
}

const alive = (stat: ProcState | null): stat is ProcState => stat !== null && stat.state !== "Z" && stat.state !== "X";

/**
 * The live processes of a box's process group. The leader's command line must carry the box's own
 * marker (its display, VNC port or DevTools port), so a pid the system has since given to another
 * program is never taken for the box's. While any member of a group lives its id is not reused, so
 * members of a group whose leader has exited are still the box's.
 */
function groupMembers(pgid: number, isOurs: (args: string[]) => boolean): number[] {
  const leader = readStat(pgid);
  if (alive(leader) && (leader.pgrp !== pgid || !isOurs(cmdline(pgid)))) return [];
  const members: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (alive(stat) && stat.pgrp === pgid) members.push(stat.pid);
  }
  return members;
}

/** Every box process carries the box's id in its environment (children inherit it). */
const BOX_ID_VARIABLE = "SPIKE_BOX_ID";

/** Live processes started for `boxId`, found by the id in their environment. */
function processesOfBox(boxId: string): number[] {
  const marker = `${BOX_ID_VARIABLE}=${boxId}`;
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      if (readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(marker) && alive(readStat(pid))) found.push(pid);
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

function leaderAlive(pid: number | undefined, isOurs: (args: string[]) => boolean): boolean {
  if (!pid) return false;
  const stat = readStat(pid);
  return alive(stat) && isOurs(cmdline(pid));
}

/** Sends a signal to a process (a positive id) or a process group (a negative one). */
function signal(target: number, name: NodeJS.Signals) {
  try {
    process.kill(target, name);
  } catch {
    // already gone
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The three processes of a runtime, in start order, each with the marker that proves it is the box's. */
function processesOf(runtime: BoxRuntime) {
  const [xvfb, vnc, browser] = runtime.handle.pids ?? [];
  const display = `:${runtime.handle.display}`;
  return [
    { pid: xvfb, isOurs: (args: string[]) => args.includes(display) },
    { pid: vnc, isOurs: (args: string[]) => args.some((arg, i) => arg === "-rfbport" && args[i + 1] === String(runtime.vncPort)) },
    { pid: browser, isOurs: (args: string[]) => args.includes(`--remote-debugging-port=${runtime.cdpPort}`) },
  ];
}

/** SIGTERM to each group, SIGKILL to what is left after the grace period, then waits until all are gone. */
async function stopGroups(groups: { pid: number | undefined; isOurs: (args: string[]) => boolean }[]) {
  // Members are listed once, while the leaders can still prove whose they are.
  const members = new Map<number, number[]>();
  for (const group of groups) if (group.pid) members.set(group.pid, groupMembers(group.pid, group.isOurs));
  const remaining = () => [...members.values()].flat().filter((pid) => alive(readStat(pid)));
  if (remaining().length === 0) return;
  // The browser first, the display last, as they were started the other way round.
  for (const pgid of [...members.keys()].reverse()) if (members.get(pgid)!.length > 0) signal(-pgid, "SIGTERM");
  const deadline = Date.now() + STOP_GRACE_MS;
  while (remaining().length > 0 && Date.now() < deadline) await sleep(50);
  if (remaining().length === 0) return;
  for (const pgid of members.keys()) if (members.get(pgid)!.length > 0) signal(-pgid, "SIGKILL");
  for (const pid of remaining()) signal(pid, "SIGKILL");
  const killDeadline = Date.now() + 5_000;
  while (remaining().length > 0 && Date.now() < killDeadline) await sleep(50);
}

// ---- Displays and ports ------------------------------------------------------------------------

const claimedDisplays = new Set<number>();
const claimedPorts = new Set<number>();

function displayInUse(display: number): boolean {
  return claimedDisplays.has(display) || existsSync(`/tmp/.X${display}-lock`) || existsSync(`/tmp/.X11-unix/X${display}`);
}

function claimDisplay(after: number): number {
  let display = after;
  while (displayInUse(display)) display += 1;
  claimedDisplays.add(display);
  return display;
}

async function claimPort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    });
    if (port && !claimedPorts.has(port)) {
      claimedPorts.add(port);
      return port;
    }
  }
}

/** Resolves with the server's greeting once something accepts connections on the port. */
export function readRfbGreeting(port: number, host = "127.0.0.1", timeoutMs = 1_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error("no greeting"));
    }, timeoutMs);
    socket.once("data", (data) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(data.toString("latin1"));
    });
    socket.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

async function devtoolsAnswers(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/json/version`, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Copies a browser profile that may be in use: files the browser removes meanwhile are skipped, and
 * its lock files are left out (they would make the copy think it is open elsewhere).
 */
function copyTree(from: string, to: string) {
  mkdirSync(to, { recursive: true });
  let entries: Dirent[];
  try {
    entries = readdirSync(from, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (/^(Singleton(Lock|Socket|Cookie)|DevToolsActivePort)$/.test(entry.name)) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    try {
      if (entry.isDirectory()) copyTree(source, target);
      else if (entry.isFile()) copyFileSync(source, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
}

// ---- Resource limits ---------------------------------------------------------------------------

const CPU_PERIOD_US = 100_000;

/**
 * The cgroup v2 folder boxes get their child cgroups in: BOX_CGROUP when given, else
 * `/sys/fs/cgroup/spike-boxes` on a host whose unified hierarchy is writable. Null (no limits) when
 * the memory and cpu controllers cannot be delegated there.
 */
function resolveCgroupParent(explicit: string | null | undefined): string | null {
  const root = "/sys/fs/cgroup";
  const parent = explicit ?? (existsSync(path.join(root, "cgroup.controllers")) ? path.join(root, "spike-boxes") : null);
  if (!parent) return null;
  try {
    mkdirSync(parent, { recursive: true });
    const enable = (folder: string) => {
      try {
        writeFileSync(path.join(folder, "cgroup.subtree_control"), "+memory +cpu");
      } catch {
        // Already enabled, or not ours to enable: the check below decides.
      }
    };
    if (!explicit) enable(root);
    enable(parent);
    const controllers = readFileSync(path.join(parent, "cgroup.subtree_control"), "utf8").split(/\s+/);
    return controllers.includes("memory") && controllers.includes("cpu") ? parent : null;
  } catch {
    return null;
  }
}

/** A child cgroup with the tier's limits, or null when limits cannot be applied here. */
function boxCgroup(parent: string | null, spec: BoxSpec): string | null {
  if (!parent) return null;
  const folder = path.join(parent, `box-${spec.id}`);
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, "memory.max"), String(spec.ramMb * 1024 * 1024));
    writeFileSync(path.join(folder, "cpu.max"), `${spec.cpu * CPU_PERIOD_US} ${CPU_PERIOD_US}`);
    return folder;
  } catch {
    removeCgroup(folder);
    return null;
  }
}

function removeCgroup(folder: string | null) {
  if (!folder) return;
  try {
    rmdirSync(folder);
  } catch {
    // not there, or still holding a process that is on its way out
  }
}

// ---- The provider ------------------------------------------------------------------------------

export type LocalBoxProvider = BoxProvider & {
  /** Whether each box gets its tier's memory and cpu limits on this host (a writable cgroup v2). */
  readonly limitsApplied: boolean;
  boxDir(boxId: string): string;
};

export function createLocalBoxProvider(options: LocalBoxOptions): LocalBoxProvider {
  const boxesDir = path.resolve(options.dataDir, "boxes");
  const boxDir = (boxId: string) => path.join(boxesDir, boxId);
  const cgroupParent = resolveCgroupParent(options.cgroupParent);
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

  function binaries(): Record<Binary, string> {
    const missing = missingBoxPackages(options.binaries);
    const message = missingPackagesMessage(missing);
    if (message) throw new BoxProviderError(message);
    const found = {} as Record<Binary, string>;
    for (const name of Object.keys(BINARY_NAMES) as Binary[]) found[name] = options.binaries?.[name] ?? findOnPath(BINARY_NAMES[name])!;
    return found;
  }

  /** Starts a process in its own group (it survives the server), writing its output to the box's log folder. */
  function launch(boxId: string, command: string, args: string[], log: string, cgroup: string | null, env: NodeJS.ProcessEnv = process.env): ChildProcess {
    const fd = openSync(log, "w");
    try {
      const [file, argv] = cgroup
        ? // The shell joins the box's cgroup before becoming the program, so every child inherits the limits.
          ["/bin/sh", ["-c", 'echo $$ > "$0" 2>/dev/null; exec "$@"', path.join(cgroup, "cgroup.procs"), command, ...args]]
        : [command, args];
      const child = spawn(file, argv, { detached: true, stdio: ["ignore", fd, fd], env: { ...env, [BOX_ID_VARIABLE]: boxId } });
      child.on("error", () => {
        // Reported through the start check (the process is not there).
      });
      child.unref();
      return child;
    } finally {
      closeSync(fd);
    }
  }

  function copyProfile(from: string, to: string) {
    const source = path.join(boxDir(from), "profile");
    if (existsSync(source)) copyTree(source, to);
  }

  async function startXvfb(boxId: string, xvfb: string, logs: string, cgroup: string | null) {
    let after = FIRST_DISPLAY;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const display = claimDisplay(after);
      const child = launch(boxId, xvfb, [`:${display}`, "-screen", "0", `${SCREEN.width}x${SCREEN.height}x24`, "-nolisten", "tcp"], path.join(logs, "xvfb.log"), cgroup);
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline && child.exitCode === null && child.signalCode === null && !existsSync(`/tmp/.X11-unix/X${display}`)) await sleep(25);
      if (child.exitCode === null && child.signalCode === null && existsSync(`/tmp/.X11-unix/X${display}`)) return { display, child };
      // Another program took this display between the check and the start: try the next one.
      claimedDisplays.delete(display);
      if (child.pid) await stopGroups([{ pid: child.pid, isOurs: (args) => args.includes(`:${display}`) }]);
      after = display + 1;
    }
    throw new BoxProviderError(`The box's display did not start (see ${path.join(logs, "xvfb.log")}).`);
  }

  function tail(file: string): string {
    try {
      return readFileSync(file, "utf8").trim().split("\n").slice(-3).join(" / ");
    } catch {
      return "";
    }
  }

  return {
    kind: "local",
    limitsApplied: cgroupParent !== null,
    boxDir,

    async start(spec: BoxSpec): Promise<BoxRuntime> {
      const bin = binaries();
      const dir = boxDir(spec.id);
      const profile = path.join(dir, "profile");
      const logs = path.join(dir, "logs");
      mkdirSync(logs, { recursive: true });
      if (spec.copyFrom && !existsSync(profile)) copyProfile(spec.copyFrom, profile);
      mkdirSync(profile, { recursive: true });

      const vncPassword = randomVncPassword();
      const passwordFile = path.join(dir, "vncpasswd");
      rmSync(passwordFile, { force: true });
      await run(bin.x11vnc, ["-storepasswd", vncPassword, passwordFile]);

      const cgroup = boxCgroup(cgroupParent, spec);
      const started: ChildProcess[] = [];
      let display: number | undefined;
      const ports: number[] = [];
      try {
        const xvfb = await startXvfb(spec.id, bin.xvfb, logs, cgroup);
        display = xvfb.display;
        started.push(xvfb.child);
        const vncPort = await claimPort();
        const cdpPort = await claimPort();
        ports.push(vncPort, cdpPort);
        started.push(
          launch(
            spec.id,
            bin.x11vnc,
            ["-display", `:${display}`, "-rfbport", String(vncPort), "-listen", "127.0.0.1", "-localhost", "-rfbauth", passwordFile, "-forever", "-shared", "-quiet"],
            path.join(logs, "x11vnc.log"),
            cgroup,
          ),
        );
        started.push(
          launch(
            spec.id,
            bin.chromium,
            [
              // As root chromium only runs unsandboxed; --test-type keeps it from covering the top of
              // the box's screen with a warning bar about that flag.
              ...(isRoot ? ["--no-sandbox", "--test-type"] : []),
              "--remote-debugging-address=127.0.0.1",
              `--remote-debugging-port=${cdpPort}`,
              `--user-data-dir=${profile}`,
              "--no-first-run",
              "--no-default-browser-check",
              "--disable-gpu",
              `--window-size=${SCREEN.width},${SCREEN.height}`,
              "--window-position=0,0",
              "about:blank",
            ],
            path.join(logs, "chromium.log"),
            cgroup,
            { ...process.env, DISPLAY: `:${display}` },
          ),
        );
        const runtime: BoxRuntime = {
          provider: "local",
          host: "127.0.0.1",
          vncPort,
          vncPassword,
          cdpPort,
          handle: { display, pids: started.map((child) => child.pid ?? 0) },
        };
        const deadline = Date.now() + START_TIMEOUT_MS;
        let vncReady = false;
        let cdpReady = false;
        while (!(vncReady && cdpReady)) {
          const exited = started.findIndex((child) => child.exitCode !== null || child.signalCode !== null || !child.pid);
          if (exited >= 0) {
            const name = ["xvfb", "x11vnc", "chromium"][exited]!;
            const detail = tail(path.join(logs, `${name}.log`));
            throw new BoxProviderError(`The box's ${name === "chromium" ? "browser" : name === "x11vnc" ? "VNC server" : "display"} stopped while starting${detail ? `: ${detail}` : "."}`);
          }
          if (Date.now() > deadline) throw new BoxProviderError(`The box did not answer within ${START_TIMEOUT_MS / 1000} seconds.`);
          vncReady ||= await readRfbGreeting(vncPort).then((greeting) => greeting.startsWith("RFB "), () => false);
          cdpReady ||= vncReady && (await devtoolsAnswers(cdpPort));
          if (!(vncReady && cdpReady)) await sleep(100);
        }
        return runtime;
      } catch (error) {
        await stopGroups(started.map((child, index) => ({ pid: child.pid, isOurs: index === 0 ? (args: string[]) => args.includes(`:${display}`) : () => true })));
        removeCgroup(cgroup);
        throw error instanceof BoxProviderError ? error : new BoxProviderError("The box could not be started.", { cause: error });
      } finally {
        if (display !== undefined) claimedDisplays.delete(display);
        for (const port of ports) claimedPorts.delete(port);
      }
    },

    async stop(boxId: string, runtime: BoxRuntime): Promise<void> {
      const processes = processesOf(runtime);
      // Also whatever carries the box's id, e.g. processes of a start the server died in the middle of.
      const strays = [...new Set(processesOfBox(boxId).map((pid) => readStat(pid)?.pgrp ?? pid))].map((pgid) => ({ pid: pgid, isOurs: () => true }));
      await stopGroups([...processes, ...strays]);
      const display = runtime.handle.display;
      const xvfbPid = processes[0]!.pid;
      // A display server killed outright leaves its lock behind; remove it if it is this box's.
      if (display !== undefined && xvfbPid) {
        const lock = `/tmp/.X${display}-lock`;
        try {
          if (Number(readFileSync(lock, "utf8").trim()) === xvfbPid) {
            rmSync(lock, { force: true });
            rmSync(`/tmp/.X11-unix/X${display}`, { force: true });
          }
        } catch {
          // no lock left
        }
      }
      rmSync(path.join(boxDir(boxId), "vncpasswd"), { force: true });
      if (cgroupParent) removeCgroup(path.join(cgroupParent, `box-${boxId}`));
    },

    async health(runtime: BoxRuntime): Promise<BoxHealth> {
      const [xvfb, vnc, browser] = processesOf(runtime);
      if (!leaderAlive(xvfb!.pid, xvfb!.isOurs) || !leaderAlive(vnc!.pid, vnc!.isOurs)) return "gone";
      return leaderAlive(browser!.pid, browser!.isOurs) ? "running" : "browser-died";
    },

    async remove(boxId: string): Promise<void> {
      rmSync(boxDir(boxId), { recursive: true, force: true });
    },
  };
}
