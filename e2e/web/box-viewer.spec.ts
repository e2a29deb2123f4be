/**
 * A box's screen in the page: a real box (Xvfb, x11vnc and Chromium, started by the server's worker)
 * seen through the WebSocket VNC proxy, with the mouse and keyboard reaching the box's browser.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import sharp from "sharp";
import type { Page } from "@playwright/test";
import { expect, test } from "../accounts.ts";
import { signIn } from "./helpers.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

/** Runs the box service script (box-service.ts) against the server under test; its last line of output. */
function boxService(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, "web", "node_modules", ".bin", "tsx"), [path.join(import.meta.dirname, "box-service.ts"), ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += String(chunk)));
    child.stderr.on("data", (chunk: Buffer) => (output += String(chunk)));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(output.trim().split("\n").at(-1) ?? "") : reject(new Error(`box-service ${args[0]} exited with ${code}: ${output.slice(-2000)}`))));
  });
}

/** The few browser objects the page functions below use (the end-to-end typecheck has no DOM types). */
type InPage = {
  document: {
    querySelector(selector: string): { width: number; height: number; getContext(kind: "2d"): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } } | null;
    fullscreenElement: { getAttribute(name: string): string | null } | null;
  };
  scrollX: number;
  scrollY: number;
};

/** What the viewer's canvas shows: how many distinct colours in a sample, and one pixel's colour. */
function readScreen(page: Page, at: { x: number; y: number }) {
  return page.evaluate((point) => {
    const canvas = (globalThis as unknown as InPage).document.querySelector("[data-testid=box-screen] canvas");
    if (!canvas || canvas.width === 0) return { colours: 0, pixel: [0, 0, 0] };
    const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 101) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    const offset = (Math.floor(point.y * canvas.height) * canvas.width + Math.floor(point.x * canvas.width)) * 4;
    return { colours: colours.size, pixel: [data[offset]!, data[offset + 1]!, data[offset + 2]!] };
  }, at);
}

const ROSE = [225, 29, 72];

test.use({ viewport: { width: 1280, height: 1000 } });

test("a running box's screen: connected through the proxy, the box's browser shown and driven by mouse and keyboard", async ({ page, user }, testInfo) => {
  test.setTimeout(180_000);
  const name = `Screen ${Date.now()}`;
  const { boxId } = JSON.parse(await boxService("start", user.email, name)) as { boxId: string };
  try {
    const refused: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });

    await signIn(page, user.email, user.password);
    await expect(page.getByRole("heading", { name: /Hello/ })).toBeVisible();
    await page.goto(`/boxes/${boxId}`);
    await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
    await expect(page.getByText("Running", { exact: true })).toBeVisible();

    const status = page.getByRole("status").filter({ hasText: /^(Connected|Connecting…|Disconnected: .*)$/ });
    await expect(status).toHaveText("Connected", { timeout: 20_000 });
    // The box's desktop arrives: its browser window, not a blank canvas.
    await expect.poll(async () => (await readScreen(page, { x: 0.5, y: 0.5 })).colours, { timeout: 15_000 }).toBeGreaterThan(8);

    // Mouse and keyboard reach the box's browser: click its address bar, type a page, and see it open.
    const canvas = page.getByTestId("box-screen").locator("canvas");
    const size = (await canvas.boundingBox())!;
    await canvas.click({ position: { x: size.width * 0.4, y: size.height * (50 / 800) } });
    await page.keyboard.press("Control+a");
    await page.keyboard.type("data:text/html,<body style='background:rgb(225,29,72)'>", { delay: 15 });
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await readScreen(page, { x: 0.5, y: 0.75 })).pixel, { timeout: 20_000 }).toEqual(ROSE);

    // A screenshot of the page shows the box's browser with that page open.
    const shot = testInfo.outputPath("box-viewer.png");
    await page.screenshot({ path: shot, fullPage: true });
    await testInfo.attach("box viewer", { path: shot, contentType: "image/png" });
    const onPage = await canvas.evaluate((element) => {
      const rect = element.getBoundingClientRect();
      const { scrollX, scrollY } = globalThis as unknown as InPage;
      return { x: rect.left + scrollX + rect.width / 2, y: rect.top + scrollY + rect.height * 0.75 };
    });
    const { data } = await sharp(shot)
      .extract({ left: Math.round(onPage.x), top: Math.round(onPage.y), width: 1, height: 1 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)]).toEqual(ROSE);

    // Disconnect and connect again (a new ticket each time).
    await page.getByRole("button", { name: "Disconnect" }).click();
    await expect(status).toHaveText("Disconnected: You closed the connection.");
    await page.getByRole("button", { name: "Connect", exact: true }).click();
    await expect(status).toHaveText("Connected", { timeout: 20_000 });

    // Full screen takes the screen and its controls; leaving it gives the page back.
    await page.getByRole("button", { name: "Full screen" }).click();
    await expect(page.getByRole("button", { name: "Exit full screen" })).toBeVisible();
    expect(await page.evaluate(() => (globalThis as unknown as InPage).document.fullscreenElement?.getAttribute("aria-label"))).toBe(`Screen of ${name}`);
    await page.getByRole("button", { name: "Exit full screen" }).click();
    await expect(page.getByRole("button", { name: "Full screen" })).toBeVisible();

    // The page's CSP (connect-src 'self') lets the same-origin WebSocket through.
    expect(refused).toEqual([]);
  } finally {
    await boxService("stop", user.email, boxId);
  }
});
