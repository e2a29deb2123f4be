/**
 * Runs one agent task in a box's browser over the Chrome DevTools Protocol: connect, act on the
 * page the person is looking at (the visible tab of the browser's own context), and disconnect. The
 * browser, its tabs and its profile stay as they are, so the next task and the person watching over
 * VNC carry on from the same page. Failures a person can act on are AgentTaskErrors whose message
 * is shown on the task as it stands.
 */
import { chromium, errors, type Browser, type Locator, type Page } from "playwright-core";
import WebSocket from "ws";
import {
  agentTaskInput,
  EXTRACT_TEXT_MAX,
  NAVIGATE_TIMEOUT_SECONDS,
  type AgentTaskInput,
  type AgentTaskResult,
  type ExtractResult,
  type PageResult,
  type ScreenshotResult,
} from "@spike-land/shared/boxes-agent";
import { DomainError } from "@spike-land/shared/errors";
import { SECOND_MS } from "@spike-land/shared/time";
import { objectStorage } from "../providers/storage/index.server.ts";
import type { ObjectStorage } from "../providers/storage/types.ts";

/** A task that could not be done, with a message fit to show on it. */
export class AgentTaskError extends DomainError {
  constructor(message: string) {
    super(422, message);
  }
}

export type ExecutableTask = { id: string; boxId: string; type: string; payload: unknown };

export type ExecutorDeps = {
  storage?: ObjectStorage;
  /** How long to wait for the browser to answer the connection. */
  connectTimeoutMs?: number;
  /** How long to wait for an element to appear before saying nothing matches. */
  elementTimeoutMs?: number;
};

const CONNECT_TIMEOUT_MS = 10 * SECOND_MS;
const ELEMENT_TIMEOUT_MS = 5 * SECOND_MS;
const NAVIGATE_TIMEOUT_MS = NAVIGATE_TIMEOUT_SECONDS * SECOND_MS;
/** A click or Enter that starts a navigation does so almost at once; this long without one means it did not. */
const NAVIGATION_START_MS = 750;
/** Plain DevTools requests, and questions to a tab (a tab with a hung script does not answer). */
const DEVTOOLS_REQUEST_MS = 2 * SECOND_MS;

export function screenshotKey(boxId: string, taskId: string): string {
  return `boxes/${boxId}/screenshots/${taskId}.png`;
}

/** The task's type and payload, checked; an invalid one fails with the first problem found. */
export function parseTask(task: Pick<ExecutableTask, "type" | "payload">): AgentTaskInput {
  const parsed = agentTaskInput.safeParse({ type: task.type, payload: task.payload ?? undefined });
  if (!parsed.success) throw new AgentTaskError(parsed.error.issues[0]?.message ?? "The task is not valid.");
  return parsed.data;
}

export async function executeTask(cdpUrl: string, task: ExecutableTask, deps: ExecutorDeps = {}): Promise<AgentTaskResult> {
  const input = parseTask(task);
  const browser = await connect(cdpUrl, deps.connectTimeoutMs ?? CONNECT_TIMEOUT_MS);
  try {
    const page = await activePage(browser, cdpUrl);
    return await run(page, task, input, deps);
  } finally {
    // For a browser reached with connectOverCDP, close() only drops this connection (Playwright:
    // "In case this browser is connected to, clears all created contexts belonging to this browser
    // and disconnects from the browser server"). No context is created here, so every tab stays.
    await browser.close().catch(() => undefined);
  }
}

/**
 * Connects to the browser. Playwright's connection waits for every tab to settle, so a tab stuck
 * loading a page that never answers would keep it from ever connecting: when the first attempt
 * times out, every tab is told to stop loading (over plain DevTools) and the connection is tried again.
 */
async function connect(cdpUrl: string, timeout: number): Promise<Browser> {
  try {
    return await chromium.connectOverCDP(cdpUrl, { timeout: timeout / 2 });
  } catch (error) {
    if (!(error instanceof errors.TimeoutError) || !(await stopLoadingEverywhere(cdpUrl))) throw new AgentTaskError("The box's browser did not answer.");
  }
  try {
    return await chromium.connectOverCDP(cdpUrl, { timeout: timeout / 2 });
  } catch {
    throw new AgentTaskError("The box's browser did not answer.");
  }
}

/** Sends Page.stopLoading to each tab of the browser; false when the browser cannot even list them. */
async function stopLoadingEverywhere(cdpUrl: string): Promise<boolean> {
  let targets: Array<{ type: string; webSocketDebuggerUrl?: string }>;
  try {
    const response = await fetch(new URL("/json/list", cdpUrl), { signal: AbortSignal.timeout(DEVTOOLS_REQUEST_MS) });
    targets = (await response.json()) as typeof targets;
  } catch {
    return false;
  }
  const host = new URL(cdpUrl).host;
  await Promise.all(
    targets
      .filter((target) => target.type === "page" && target.webSocketDebuggerUrl)
      .map((target) => {
        // The browser names itself as it sees itself; reach it at the address the box is reached at.
        const url = new URL(target.webSocketDebuggerUrl!);
        url.host = host;
        return sendOnce(url.toString(), "Page.stopLoading");
      }),
  );
  return true;
}

/** One DevTools command on a target's own socket; resolves once answered, failed or timed out. */
function sendOnce(socketUrl: string, method: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = new WebSocket(socketUrl);
    const done = () => {
      clearTimeout(timer);
      socket.terminate();
      resolve();
    };
    const timer = setTimeout(done, DEVTOOLS_REQUEST_MS);
    socket.on("open", () => socket.send(JSON.stringify({ id: 1, method })));
    socket.on("message", done);
    socket.on("error", done);
    socket.on("close", done);
  });
}

/**
 * The tab in front. Every tab of the browser's own context is asked whether it is visible (a
 * background tab in a window is not) and where it stands in DevTools' own list, which puts the most
 * recently active tab first. A browser without tabs gets a new one.
 */
async function activePage(browser: Browser, cdpUrl: string): Promise<Page> {
  const context = browser.contexts()[0];
  if (!context) throw new AgentTaskError("The box's browser has no window open.");
  const pages = context.pages();
  if (pages.length === 0) return context.newPage();
  const recent = await recentTargetIds(cdpUrl);
  const ranked = await Promise.all(
    pages.map(async (page, index) => {
      const [visible, id] = await Promise.all([
        withDeadline(page.evaluate(() => document.visibilityState === "visible"), false),
        withDeadline(targetId(page), null),
      ]);
      const position = id ? recent.indexOf(id) : -1;
      return { page, visible, position: position < 0 ? Number.MAX_SAFE_INTEGER : position, index };
    }),
  );
  ranked.sort((a, b) => Number(b.visible) - Number(a.visible) || a.position - b.position || b.index - a.index);
  return ranked[0]!.page;
}

/** Page target ids, most recently active first, as the browser's DevTools list gives them. */
async function recentTargetIds(cdpUrl: string): Promise<string[]> {
  try {
    const response = await fetch(new URL("/json/list", cdpUrl), { signal: AbortSignal.timeout(DEVTOOLS_REQUEST_MS) });
    const targets = (await response.json()) as Array<{ id: string; type: string }>;
    return targets.filter((target) => target.type === "page").map((target) => target.id);
  } catch {
    return [];
  }
}

async function targetId(page: Page): Promise<string> {
  const session = await page.context().newCDPSession(page);
  try {
    const { targetInfo } = await session.send("Target.getTargetInfo");
    return targetInfo.targetId;
  } finally {
    await session.detach().catch(() => undefined);
  }
}

/** The promise's value, or `fallback` when it fails or a tab does not answer in time (a hung script). */
function withDeadline<T>(promise: Promise<T>, fallback: T): Promise<T> {
  return Promise.race([
    promise.catch(() => fallback),
    new Promise<T>((resolve) => setTimeout(() => resolve(fallback), DEVTOOLS_REQUEST_MS).unref()),
  ]);
}

async function run(page: Page, task: ExecutableTask, input: AgentTaskInput, deps: ExecutorDeps): Promise<AgentTaskResult> {
  const elementTimeout = deps.elementTimeoutMs ?? ELEMENT_TIMEOUT_MS;
  switch (input.type) {
    case "NAVIGATE":
      return navigate(page, input.payload.url);
    case "CLICK": {
      const payload = input.payload;
      const described = "selector" in payload ? payload.selector : payload.text;
      const base = "selector" in payload ? page.locator(payload.selector) : page.getByText(payload.text);
      const target = await findElement(base, described, elementTimeout);
      await afterPossibleNavigation(page, () => act(described, () => target.click({ timeout: elementTimeout })));
      return where(page);
    }
    case "TYPE": {
      const { selector, text, submit } = input.payload;
      const target = await findElement(page.locator(selector), selector, elementTimeout);
      await act(selector, () => target.fill(text, { timeout: elementTimeout }));
      if (submit) await afterPossibleNavigation(page, () => act(selector, () => target.press("Enter", { timeout: elementTimeout })));
      return where(page);
    }
    case "SCREENSHOT":
      return screenshot(page, task, deps.storage ?? objectStorage());
    case "EXTRACT":
      return extract(page, input.payload.selector, elementTimeout);
  }
}

async function where(page: Page): Promise<PageResult> {
  return { url: page.url(), title: await page.title().catch(() => "") };
}

async function navigate(page: Page, url: string): Promise<PageResult> {
  try {
    await page.goto(url, { timeout: NAVIGATE_TIMEOUT_MS, waitUntil: "load" });
  } catch (error) {
    if (error instanceof errors.TimeoutError) {
      // Left loading, the tab would keep the next task from connecting (see connect).
      await stopLoading(page);
      throw new AgentTaskError(`${url} did not load within ${NAVIGATE_TIMEOUT_SECONDS} seconds.`);
    }
    throw new AgentTaskError(`${url} could not be opened${networkReason(error)}.`);
  }
  return where(page);
}

const NETWORK_REASONS: Record<string, string> = {
  ERR_NAME_NOT_RESOLVED: "no such site was found",
  ERR_CONNECTION_REFUSED: "the site refused the connection",
  ERR_CONNECTION_RESET: "the connection was reset",
  ERR_CONNECTION_TIMED_OUT: "the site did not answer",
  ERR_INTERNET_DISCONNECTED: "the box is not connected to the internet",
  ERR_ADDRESS_UNREACHABLE: "the address cannot be reached",
  ERR_CERT_AUTHORITY_INVALID: "the site's certificate is not trusted",
  ERR_CERT_COMMON_NAME_INVALID: "the site's certificate is for another name",
  ERR_CERT_DATE_INVALID: "the site's certificate has expired",
  ERR_TOO_MANY_REDIRECTS: "the site redirects in a loop",
};

function networkReason(error: unknown): string {
  const code = error instanceof Error ? /net::(ERR_[A-Z_]+)/.exec(error.message)?.[1] : undefined;
  if (!code) return "";
  return `: ${NETWORK_REASONS[code] ?? code}`;
}

/** The first visible match, waiting a little for it to appear. */
async function findElement(base: Locator, described: string, timeout: number): Promise<Locator> {
  const target = base.filter({ visible: true }).first();
  try {
    await target.waitFor({ state: "visible", timeout });
    return target;
  } catch (error) {
    if (isBadSelector(error)) throw new AgentTaskError(`“${described}” is not a selector the page understands.`);
    if (!(error instanceof errors.TimeoutError)) throw error;
    const count = await base.count().catch(() => 0);
    if (count > 0) throw new AgentTaskError(`“${described}” is on the page but not visible.`);
    throw new AgentTaskError(`Nothing on the page matches “${described}”.`);
  }
}

function isBadSelector(error: unknown): boolean {
  return error instanceof Error && /not a valid selector|Unexpected token|Unknown engine|Unsupported token|Unexpected end of/i.test(error.message);
}

/** Runs a click or key press on a found element, naming it when it cannot be done. */
async function act(described: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (error instanceof errors.TimeoutError) throw new AgentTaskError(`“${described}” could not be used: something on the page is in the way or it is disabled.`);
    if (error instanceof Error && /not an <input>|not an? <?input|contenteditable/i.test(error.message)) {
      throw new AgentTaskError(`“${described}” is not a field that takes text.`);
    }
    throw error;
  }
}

/** Runs the action; when it starts a navigation of the page, waits for the new page to load. */
async function afterPossibleNavigation(page: Page, action: () => Promise<void>): Promise<void> {
  const navigated = page
    .waitForEvent("framenavigated", { predicate: (frame) => frame === page.mainFrame(), timeout: NAVIGATION_START_MS })
    .then(
      () => true,
      () => false,
    );
  await action();
  if (!(await navigated)) return;
  // The step itself worked; a page that does not finish loading is stopped where it is.
  await page.waitForLoadState("load", { timeout: NAVIGATE_TIMEOUT_MS }).catch(() => stopLoading(page));
}

async function stopLoading(page: Page): Promise<void> {
  try {
    const session = await page.context().newCDPSession(page);
    await session.send("Page.stopLoading");
    await session.detach();
  } catch {
    // The tab went away meanwhile: nothing left loading.
  }
}

async function screenshot(page: Page, task: ExecutableTask, storage: ObjectStorage): Promise<ScreenshotResult> {
  const bytes = await page.screenshot({ type: "png", timeout: NAVIGATE_TIMEOUT_MS });
  const { width, height } = pngSize(bytes);
  const key = screenshotKey(task.boxId, task.id);
  await storage.put(key, bytes, { contentType: "image/png" });
  return { key, width, height };
}

/** Width and height from a PNG's header chunk (always the first, right after the signature). */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  if (bytes.length < 24 || bytes.toString("ascii", 12, 16) !== "IHDR") throw new Error("Not a PNG image");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function extract(page: Page, selector: string | undefined, timeout: number): Promise<ExtractResult> {
  const target = selector ? await findElement(page.locator(selector), selector, timeout) : page.locator("body");
  const text = (await target.innerText({ timeout })).trim();
  const truncated = text.length > EXTRACT_TEXT_MAX;
  return { text: truncated ? text.slice(0, EXTRACT_TEXT_MAX) : text, truncated };
}
