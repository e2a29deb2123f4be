/**
 * Boxes in the desktop app, end to end: a new account makes a Standard box from the Boxes tab, the
 * real server's worker starts it (Xvfb, x11vnc and Chromium), the window shows its screen through
 * the server's WebSocket VNC proxy, and stopping it from the list leaves it STOPPED.
 */
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test, webUrl, type TestAccount } from "../accounts.ts";
import { expectAccessible, signIn } from "./window.ts";

const serverUrl = webUrl();

/** The few browser objects the page functions below use (the end-to-end typecheck has no DOM types). */
type InPage = {
  document: {
    querySelector(selector: string): { width: number; height: number; getContext(kind: "2d"): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } } | null;
    documentElement: { scrollWidth: number; clientWidth: number };
  };
};

/** How much of the viewer's canvas is not black: 0 before the box's picture arrives. */
function litShare(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = (globalThis as unknown as InPage).document.querySelector("[data-testid=box-screen] canvas");
    if (!canvas || canvas.width === 0 || canvas.height === 0) return 0;
    const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
    let lit = 0;
    let sampled = 0;
    for (let i = 0; i < data.length; i += 4 * 97) {
      sampled += 1;
      if (data[i]! + data[i + 1]! + data[i + 2]! > 60) lit += 1;
    }
    return lit / sampled;
  });
}

/** Stops the account's running boxes through the API, whatever the window got to: a box's desktop outlives the test. */
async function stopBoxes(request: APIRequestContext, user: TestAccount): Promise<void> {
  const session = await request.post(`${serverUrl}/api/v1/sessions`, { data: { email: user.email, password: user.password } });
  if (!session.ok()) return;
  const headers = { Authorization: `Bearer ${((await session.json()) as { token: string }).token}` };
  for (let waited = 0; waited < 90_000; waited += 1_000) {
    const { boxes } = (await (await request.get(`${serverUrl}/api/v1/boxes`, { headers })).json()) as { boxes: { id: string; status: string; actions: string[] }[] };
    for (const box of boxes.filter((candidate) => candidate.actions.includes("STOP"))) {
      await request.post(`${serverUrl}/api/v1/boxes/${box.id}/actions`, { headers, data: { action: "STOP" } });
    }
    if (boxes.every((box) => !["CREATING", "STARTING", "RUNNING", "STOPPING"].includes(box.status))) return;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

let owner: TestAccount | null = null;

// The test host runs one core for every test: leave it signed out, and leave no box running.
test.afterEach(async ({ page, request }) => {
  await page.evaluate(async () => {
    const bridge = (globalThis as unknown as { spikeLand?: { invoke(channel: string): Promise<unknown> } }).spikeLand;
    await bridge?.invoke("session:signOut");
  });
  if (owner) await stopBoxes(request, owner);
  owner = null;
});

test("makes a box from the Boxes tab, shows its screen, and stops it", async ({ page, user }) => {
  test.setTimeout(240_000);
  owner = user;
  const refused: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  const name = `Desk ${Date.now()}`;

  await signIn(page, user);
  await page.getByRole("navigation", { name: "Sections" }).getByRole("button", { name: "Boxes" }).click();
  await expect(page.getByRole("heading", { name: "Boxes", level: 1 })).toBeFocused();
  await expect(page.getByText("No boxes yet.")).toBeVisible();

  // A new account's welcome tokens pay for a Standard box's first hour.
  const form = page.getByRole("region", { name: "New box" });
  const size = form.getByLabel("Size");
  const boxName = form.getByLabel("Name");
  await expect(size.locator("option")).toHaveText([
    "Standard: 2 vCPU · 4 GB RAM · 10 tokens/hour",
    "Pro: 4 vCPU · 8 GB RAM · 20 tokens/hour",
    "Ultra: 8 vCPU · 16 GB RAM · 40 tokens/hour",
  ]);
  await expect(form.getByText("You have 10 tokens.")).toBeVisible();
  await expectAccessible(page, "boxes, none yet");

  // Without a name the form says so, in the contract's words, on the field.
  await form.getByRole("button", { name: "Create box" }).click();
  await expect(form.getByText("Give the box a name.")).toBeVisible();
  await expect(boxName).toHaveAttribute("aria-invalid", "true");

  await boxName.fill(name);
  await size.selectOption({ label: "Standard: 2 vCPU · 4 GB RAM · 10 tokens/hour" });
  await form.getByRole("button", { name: "Create box" }).click();

  const box = page.getByRole("article", { name });
  await expect(box).toBeVisible();
  await expect(box.getByText(/^(Creating|Starting)$/)).toBeVisible();
  await expect(boxName).toHaveValue("");
  // The list follows the box by itself until it runs; the balance shows the hour that was paid.
  await expect(box.getByText("Running", { exact: true })).toBeVisible({ timeout: 90_000 });
  await expect(box).toContainText("Standard · 2 vCPU · 4 GB RAM");
  await expect(box).toContainText("10 tokens/hour");
  await expect(box).toContainText("Paid until");
  await expect(form.getByText("You have 0 tokens.")).toBeVisible();
  await expect(box.getByRole("button", { name: "Stop", exact: true })).toBeVisible();
  await expect(box.getByRole("button", { name: "Restart" })).toBeVisible();
  await expect(box.getByRole("button", { name: "Start", exact: true })).toHaveCount(0);

  await box.getByRole("button", { name: "View screen" }).click();
  const viewer = page.getByRole("region", { name: `Screen of ${name}` });
  await expect(viewer.getByRole("heading", { name: `Screen of ${name}` })).toBeFocused();
  const status = viewer.getByRole("status");
  await expect(status).toHaveText("Connected", { timeout: 20_000 });
  // The box's browser shows a blank page: white, not the black of an empty canvas.
  await expect.poll(() => litShare(page), { timeout: 20_000 }).toBeGreaterThan(0.3);
  await page.screenshot({ path: "/tmp/desktop-box-screen.png", fullPage: true });

  // The keyboard goes to the box on request, and F8 hands it back.
  await viewer.getByRole("button", { name: "Type into the box" }).click();
  await expect(viewer.getByText(`Your keyboard and mouse go to ${name}.`, { exact: false })).toBeVisible();
  await page.keyboard.press("F8");
  await expect(viewer.getByRole("button", { name: "Type into the box" })).toBeFocused();
  await expectAccessible(page, "boxes, screen shown");

  // Reconnect asks for a new ticket and connects again.
  await viewer.getByRole("button", { name: "Reconnect" }).click();
  await expect(status).toHaveText("Connected", { timeout: 20_000 });
  await expect.poll(() => litShare(page), { timeout: 20_000 }).toBeGreaterThan(0.3);

  // In a narrow window nothing runs off the side.
  await page.setViewportSize({ width: 380, height: 900 });
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as InPage).document.documentElement.scrollWidth))
    .toBeLessThanOrEqual(380);
  await page.screenshot({ path: "/tmp/desktop-box-screen-380.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  // Stopping the box ends the screen, and the list follows it to STOPPED.
  await box.getByRole("button", { name: "Stop", exact: true }).click();
  await expect(box.getByText("Stopped", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(status).toHaveText(/^Disconnected: /);
  await expect(box.getByRole("button", { name: "Start", exact: true })).toBeVisible();
  await expect(box.getByRole("button", { name: "View screen" })).toHaveCount(0);
  await expect(box).not.toContainText("Paid until");

  await viewer.getByRole("button", { name: "Close" }).click();
  await expect(viewer).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Your boxes" })).toBeFocused();
  await page.screenshot({ path: "/tmp/desktop-box-stopped.png", fullPage: true });
  expect(refused).toEqual([]);
});
