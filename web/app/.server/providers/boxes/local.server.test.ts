/** The local box provider against the real Xvfb, x11vnc and Chromium of this machine. */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createLocalBoxProvider, missingBoxPackages, missingPackagesMessage, readRfbGreeting } from "./local.server.ts";
import { boxesUnavailableReason } from "./index.server.ts";
import type { BoxRuntime } from "./types.ts";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "spike-boxes-"));
const provider = createLocalBoxProvider({ dataDir });
const spec = (id: string, copyFrom?: string) => ({ id, cpu: 2, ramMb: 4096, copyFrom });
const started: { id: string; runtime: BoxRuntime }[] = [];

function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !["Z", "X"].includes(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0]!);
  } catch {
    return false;
  }
}

async function devtoolsVersion(runtime: BoxRuntime) {
  const response = await fetch(`http://${runtime.host}:${runtime.cdpPort}/json/version`);
  return (await response.json()) as { Browser: string };
}

afterAll(async () => {
  for (const box of started) await provider.stop(box.id, box.runtime);
});

describe("the local box provider", () => {
  it("starts a desktop that answers VNC and DevTools, and stops every process of it", async () => {
    const runtime = await provider.start(spec("box-a"));
    started.push({ id: "box-a", runtime });
    expect(runtime).toMatchObject({ provider: "local", host: "127.0.0.1" });
    expect(runtime.vncPassword).toMatch(/^[A-Za-z0-9]{8}$/);
    expect(runtime.handle.pids).toHaveLength(3);
    expect(await readRfbGreeting(runtime.vncPort)).toMatch(/^RFB 003\.00\d\n/);
    expect((await devtoolsVersion(runtime)).Browser).toMatch(/Chrome/);
    expect(await provider.health(runtime)).toBe("running");
    expect(existsSync(path.join(dataDir, "boxes", "box-a", "profile"))).toBe(true);

    await provider.stop("box-a", runtime);
    for (const pid of runtime.handle.pids!) expect(isAlive(pid)).toBe(false);
    expect(await provider.health(runtime)).toBe("gone");
    await expect(readRfbGreeting(runtime.vncPort)).rejects.toThrow();
    // Stopping again is harmless.
    await provider.stop("box-a", runtime);
  });

  it("reports a browser that died while its display lives on, and stops what is left", async () => {
    const runtime = await provider.start(spec("box-b"));
    started.push({ id: "box-b", runtime });
    const [, , browser] = runtime.handle.pids!;
    process.kill(browser!, "SIGKILL");
    await expect.poll(() => provider.health(runtime), { timeout: 5_000 }).toBe("browser-died");
    await provider.stop("box-b", runtime);
    for (const pid of runtime.handle.pids!) expect(isAlive(pid)).toBe(false);
  });

  it("gives two boxes their own display, ports and password, and a clone a copy of the profile", async () => {
    const first = await provider.start(spec("box-c"));
    started.push({ id: "box-c", runtime: first });
    writeFileSync(path.join(provider.boxDir("box-c"), "profile", "marker.txt"), "from box c");
    const second = await provider.start(spec("box-d", "box-c"));
    started.push({ id: "box-d", runtime: second });
    expect(second.handle.display).not.toBe(first.handle.display);
    expect(second.vncPort).not.toBe(first.vncPort);
    expect(second.cdpPort).not.toBe(first.cdpPort);
    expect(second.vncPassword).not.toBe(first.vncPassword);
    expect(readFileSync(path.join(provider.boxDir("box-d"), "profile", "marker.txt"), "utf8")).toBe("from box c");
    expect(await provider.health(second)).toBe("running");
    await Promise.all([provider.stop("box-c", first), provider.stop("box-d", second)]);
    await provider.remove("box-d");
    expect(existsSync(provider.boxDir("box-d"))).toBe(false);
  });

  it("does not take a process that reuses a recorded pid for the box's", async () => {
    // This test process is alive, but it is not the box's display server.
    const runtime: BoxRuntime = { provider: "local", host: "127.0.0.1", vncPort: 1, vncPassword: "x", cdpPort: 2, handle: { display: 4242, pids: [process.pid, process.pid, process.pid] } };
    expect(await provider.health(runtime)).toBe("gone");
    await provider.stop("box-x", runtime);
    expect(isAlive(process.pid)).toBe(true);
  });

  it("stops processes of a box it holds no handle for (a start the server died in), by the box's id", async () => {
    const stray = spawn("sleep", ["60"], { detached: true, stdio: "ignore", env: { ...process.env, SPIKE_BOX_ID: "box-f" } });
    stray.unref();
    await expect.poll(() => isAlive(stray.pid!)).toBe(true);
    const empty: BoxRuntime = { provider: "local", host: "127.0.0.1", vncPort: 0, vncPassword: "", cdpPort: 0, handle: {} };
    await provider.stop("box-f", empty);
    expect(isAlive(stray.pid!)).toBe(false);
  });

  it("tells the app boxes cannot run when the packages are not installed", () => {
    const path = process.env.PATH;
    process.env.PATH = dataDir;
    try {
      expect(boxesUnavailableReason()).toBe("Boxes need xvfb, x11vnc and chromium: sudo apt-get install -y xvfb x11vnc chromium");
    } finally {
      process.env.PATH = path;
    }
    expect(boxesUnavailableReason()).toBeNull();
  });

  it("names the packages to install when a binary is missing", async () => {
    const missing = createLocalBoxProvider({ dataDir, binaries: { xvfb: "", x11vnc: "" } });
    expect(missingBoxPackages({ xvfb: "", x11vnc: "" })).toEqual(["xvfb", "x11vnc"]);
    await expect(missing.start(spec("box-e"))).rejects.toThrow("Boxes need xvfb and x11vnc: sudo apt-get install -y xvfb x11vnc");
    expect(missingPackagesMessage(["chromium"])).toBe("Boxes need chromium: sudo apt-get install -y chromium");
  });
});
