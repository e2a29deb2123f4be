import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { EXTRACT_TEXT_MAX } from "@spike-land/shared/boxes-agent";
import { objectStorage } from "../providers/storage/index.server.ts";
import { AgentTaskError, executeTask, pngSize, screenshotKey } from "./agent-executor.server.ts";
import { startCdpBrowser, startPageServer, type CdpBrowser, type PageServer } from "../../../test/cdp-browser.ts";

let browser: CdpBrowser;
let pages: PageServer;
let taskCounter = 0;

beforeAll(async () => {
  [browser, pages] = await Promise.all([startCdpBrowser({ width: 800, height: 600 }), startPageServer()]);
});
afterAll(async () => {
  await browser?.stop();
  await pages?.close();
});
// Every task leaves the box's browser running, with its tab where the task left it.
afterEach(async () => {
  expect(await browser.alive()).toBe(true);
  expect((await browser.tabs()).length).toBeGreaterThan(0);
});

function task(type: string, payload: unknown = {}) {
  taskCounter += 1;
  return { id: `task${taskCounter}`, boxId: "box1", type, payload };
}

const run = (type: string, payload?: unknown) => executeTask(browser.cdpUrl, task(type, payload), { elementTimeoutMs: 1_500 });

describe("executeTask", () => {
  it("NAVIGATE opens the page in the browser's tab and answers with its URL and title", async () => {
    const result = await run("NAVIGATE", { url: `${pages.url}/` });
    expect(result).toEqual({ url: `${pages.url}/`, title: "Spike test page" });
    // The box's own tab moved: the task did not open a tab of its own.
    const tabs = await browser.tabs();
    expect(tabs).toHaveLength(1);
    expect(tabs[0]!.url).toBe(`${pages.url}/`);
  });

  it("EXTRACT reads the page the previous task left open, or one element of it", async () => {
    await run("NAVIGATE", { url: `${pages.url}/` });
    const whole = await run("EXTRACT");
    expect(whole).toMatchObject({ truncated: false });
    expect((whole as { text: string }).text).toContain("Hello from the box");
    expect((whole as { text: string }).text).toContain("The quick brown fox.");
    expect(await run("EXTRACT", { selector: "#note" })).toEqual({ text: "The quick brown fox.", truncated: false });
  });

  it("SCREENSHOT stores a PNG of the page in object storage under the box's screenshots", async () => {
    await run("NAVIGATE", { url: `${pages.url}/` });
    const shot = task("SCREENSHOT");
    const result = await executeTask(browser.cdpUrl, shot);
    expect(result).toMatchObject({ key: screenshotKey("box1", shot.id) });
    expect((result as { key: string }).key).toBe(`boxes/box1/screenshots/${shot.id}.png`);
    const stored = await objectStorage().get(`boxes/box1/screenshots/${shot.id}.png`);
    expect(stored?.contentType).toBe("image/png");
    const metadata = await sharp(stored!.body).metadata();
    expect(metadata.format).toBe("png");
    expect({ width: metadata.width, height: metadata.height }).toEqual({ width: (result as { width: number }).width, height: (result as { height: number }).height });
    expect((result as { width: number }).width).toBeGreaterThan(100);
    // The red band at the top of the page, the white page below it.
    const { data, info } = await sharp(stored!.body).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3));
    expect(pixel(20, 20)).toEqual([255, 0, 0]);
    expect(pixel(info.width - 20, 50)).toEqual([255, 0, 0]);
    expect(pixel(info.width - 20, info.height - 20)).toEqual([255, 255, 255]);
  });

  it("CLICK presses a button by selector or by its text, and the page changes", async () => {
    await run("NAVIGATE", { url: `${pages.url}/` });
    await run("CLICK", { selector: "#go" });
    expect(await run("EXTRACT", { selector: "#note" })).toMatchObject({ text: "Button pressed." });

    await run("NAVIGATE", { url: `${pages.url}/` });
    expect(await run("CLICK", { text: "Press me" })).toEqual({ url: `${pages.url}/`, title: "Spike test page" });
    expect(await run("EXTRACT", { selector: "#note" })).toMatchObject({ text: "Button pressed." });

    // A link: the answer is the page it led to, loaded.
    expect(await run("CLICK", { text: "Search form" })).toEqual({ url: `${pages.url}/form`, title: "Search" });
  });

  it("TYPE fills a field, and with submit presses Enter: the form's answer echoes the text", async () => {
    await run("NAVIGATE", { url: `${pages.url}/form` });
    // Without submit the page stays; typing again replaces what the field held.
    expect(await run("TYPE", { selector: "#q", text: "first words" })).toEqual({ url: `${pages.url}/form`, title: "Search" });
    await run("TYPE", { selector: "#q", text: "spike land boxes", submit: true });
    expect(await run("EXTRACT", { selector: "#echo" })).toEqual({ text: "You searched for: spike land boxes", truncated: false });

    // Typing without submit, then clicking the form's button.
    await run("NAVIGATE", { url: `${pages.url}/form` });
    await run("TYPE", { selector: "#q", text: "clicked search" });
    expect(await run("CLICK", { selector: "#send" })).toEqual({ url: `${pages.url}/echo`, title: "Results" });
    expect(await run("EXTRACT")).toMatchObject({ text: "You searched for: clicked search" });
  });

  it("fails with a message a person can read when nothing matches, or the match is hidden", async () => {
    await run("NAVIGATE", { url: `${pages.url}/` });
    await expect(run("CLICK", { selector: "#x" })).rejects.toThrow(new AgentTaskError("Nothing on the page matches “#x”."));
    await expect(run("CLICK", { text: "No such button" })).rejects.toThrow("Nothing on the page matches “No such button”.");
    await expect(run("TYPE", { selector: "#missing", text: "a" })).rejects.toThrow("Nothing on the page matches “#missing”.");
    await expect(run("EXTRACT", { selector: ".nothing" })).rejects.toThrow("Nothing on the page matches “.nothing”.");
    await expect(run("CLICK", { selector: "#hidden" })).rejects.toThrow("“#hidden” is on the page but not visible.");
    await expect(run("CLICK", { selector: "#[" })).rejects.toThrow("“#[” is not a selector the page understands.");
    await expect(run("TYPE", { selector: "#heading", text: "a" })).rejects.toThrow("“#heading” is not a field that takes text.");
  });

  it("checks the payload before touching the browser: http and https only, a selector given", async () => {
    await expect(run("NAVIGATE", { url: "file:///etc/passwd" })).rejects.toThrow("Only http and https addresses can be opened.");
    await expect(run("NAVIGATE", { url: "javascript:alert(1)" })).rejects.toThrow("Only http and https addresses can be opened.");
    await expect(run("NAVIGATE", {})).rejects.toThrow("Give an address to go to.");
    await expect(run("TYPE", { text: "a" })).rejects.toThrow("Give a selector.");
    await expect(run("DANCE", {})).rejects.toThrow("Choose one of NAVIGATE, CLICK, TYPE, SCREENSHOT or EXTRACT.");
  });

  it("NAVIGATE names an address that cannot be reached", async () => {
    const closed = await startPageServer();
    const address = `${closed.url}/`;
    await closed.close();
    await expect(run("NAVIGATE", { url: address })).rejects.toThrow(`${address} could not be opened: the site refused the connection.`);
  });

  it("NAVIGATE gives up on a page that does not load within 15 seconds", async () => {
    await expect(run("NAVIGATE", { url: `${pages.url}/slow` })).rejects.toThrow(`${pages.url}/slow did not load within 15 seconds.`);
  }, 40_000);

  it("EXTRACT keeps at most 20,000 characters", async () => {
    await run("NAVIGATE", { url: `${pages.url}/` });
    await executeTask(browser.cdpUrl, task("EXTRACT"));
    // A long page, written into the current tab over a separate connection.
    const { chromium } = await import("playwright-core");
    const other = await chromium.connectOverCDP(browser.cdpUrl);
    await other.contexts()[0]!.pages()[0]!.evaluate((n) => {
      document.body.innerText = "abcdefghij".repeat(n);
    }, 2_500);
    await other.close();
    const result = (await run("EXTRACT")) as { text: string; truncated: boolean };
    expect(result.text).toHaveLength(EXTRACT_TEXT_MAX);
    expect(result.truncated).toBe(true);
  });

  it("says so when the browser does not answer", async () => {
    await expect(executeTask("http://127.0.0.1:9", task("SCREENSHOT"), { connectTimeoutMs: 2_000 })).rejects.toThrow("The box's browser did not answer.");
  });

  it("a tab left loading a page that never answers does not keep the next task from connecting", async () => {
    const { chromium } = await import("playwright-core");
    const other = await chromium.connectOverCDP(browser.cdpUrl);
    await other.contexts()[0]!.pages()[0]!.goto(`${pages.url}/slow`, { timeout: 500 }).catch(() => undefined);
    await other.close();
    expect(await run("NAVIGATE", { url: `${pages.url}/form` })).toEqual({ url: `${pages.url}/form`, title: "Search" });
  }, 30_000);

  it("acts on the tab in front, and opens one when the browser has none", async () => {
    const { chromium } = await import("playwright-core");
    const other = await chromium.connectOverCDP(browser.cdpUrl);
    const context = other.contexts()[0]!;
    for (const page of context.pages()) await page.close();
    await other.close();
    expect(await browser.tabs()).toHaveLength(0);
    expect(await run("NAVIGATE", { url: `${pages.url}/` })).toMatchObject({ title: "Spike test page" });
    expect(await browser.tabs()).toHaveLength(1);

    // With two tabs, the one brought to the front is the one tasks act on, whichever opened last.
    const again = await chromium.connectOverCDP(browser.cdpUrl);
    const [first] = again.contexts()[0]!.pages();
    const second = await again.contexts()[0]!.newPage();
    await second.goto(`${pages.url}/form`);
    await second.bringToFront();
    await again.close();
    expect(await run("EXTRACT", { selector: "button" })).toMatchObject({ text: "Search" });
    const third = await chromium.connectOverCDP(browser.cdpUrl);
    await third.contexts()[0]!.pages().find((page) => page.url() === first!.url())!.bringToFront();
    await third.close();
    expect(await run("EXTRACT", { selector: "button" })).toMatchObject({ text: "Press me" });
  });
});

describe("pngSize", () => {
  it("reads a PNG's dimensions from its header", async () => {
    const png = await sharp({ create: { width: 37, height: 11, channels: 3, background: "#00ff00" } }).png().toBuffer();
    expect(pngSize(png)).toEqual({ width: 37, height: 11 });
    expect(() => pngSize(Buffer.from("not a png at all, really not"))).toThrow("Not a PNG image");
  });
});
