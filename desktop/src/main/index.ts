/**
 * The Electron shell: one window showing the renderer, the app menu, and the IPC adapter that hands
 * every request to the core. All Electron imports live here; everything else runs without Electron.
 */
import {
  BrowserWindow,
  Menu,
  app,
  dialog,
  ipcMain,
  safeStorage,
  shell,
  type MenuItemConstructorOptions,
  type OpenDialogOptions,
  type SaveDialogOptions,
} from "electron";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createCore, type Core, type CoreShell } from "../core/index.ts";
import { forwardCoreEvents, registerIpc } from "./ipc-adapter.ts";
import { isAppUrl, isExternalWebUrl } from "./navigation.ts";
import { createSafeStorageSecretBox } from "./safe-storage-box.ts";

const WEBSITE_URL = "https://spike.land";
// Built to dist/main/index.js; plain path joins, because Vite would inline a `new URL(…, import.meta.url)`
// that points at a source file of the same name.
const BUILD_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
const PRELOAD_PATH = join(BUILD_DIR, "preload", "index.cjs");
const RENDERER_FILE = join(BUILD_DIR, "renderer", "index.html");
/** Set while developing to load the renderer from Vite's dev server; ignored in a packaged app. */
const DEV_RENDERER_URL = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const APP_ENTRY_URL = DEV_RENDERER_URL ?? pathToFileURL(RENDERER_FILE).href;

function openInBrowser(url: string): void {
  if (isExternalWebUrl(url)) void shell.openExternal(url);
}

function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === "https:" || protocol === "http:";
  } catch {
    return false;
  }
}

/** What the core asks of the desktop: the folder and audio file pickers and the save dialog (over `window()`, the app's window), and the browser. */
function createCoreShell(window: () => BrowserWindow | null): CoreShell {
  return {
    async pickFolders() {
      const options: OpenDialogOptions = {
        title: "Choose folders to upload",
        buttonLabel: "Upload",
        properties: ["openDirectory", "multiSelections"],
      };
      const parent = window();
      const chosen = parent && !parent.isDestroyed() ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return chosen.canceled ? [] : chosen.filePaths;
    },
    async pickAudioFiles() {
      const options: OpenDialogOptions = {
        title: "Choose audio files",
        buttonLabel: "Add",
        properties: ["openFile", "multiSelections"],
        filters: [
          { name: "Audio", extensions: ["wav", "mp3", "ogg", "oga", "opus", "webm", "flac", "m4a"] },
          { name: "All files", extensions: ["*"] },
        ],
      };
      const parent = window();
      const chosen = parent && !parent.isDestroyed() ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return chosen.canceled ? [] : chosen.filePaths;
    },
    async chooseSavePath(suggestedName) {
      const options: SaveDialogOptions = {
        title: "Save the mix",
        defaultPath: join(app.getPath("downloads"), suggestedName),
        filters: [{ name: "WAV audio", extensions: ["wav"] }],
      };
      const parent = window();
      const chosen = parent && !parent.isDestroyed() ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      return chosen.canceled || !chosen.filePath ? null : chosen.filePath;
    },
    async openExternal(url) {
      // Only web pages: an album link from the server must never launch a local program or mail client.
      if (!isHttpUrl(url)) throw new Error(`Refusing to open ${url}: only http and https pages open in the browser.`);
      await shell.openExternal(url);
    },
  };
}

function createMainWindow(core: Core): BrowserWindow {
  const window = new BrowserWindow({
    title: "Spike Land",
    width: 1040,
    height: 720,
    minWidth: 380,
    minHeight: 560,
    // Stay hidden until the first paint so the user never sees a blank white frame.
    show: false,
    backgroundColor: "#f5f3ff",
    webPreferences: {
      preload: PRELOAD_PATH,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.once("ready-to-show", () => window.show());

  const contents = window.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    openInBrowser(url);
    return { action: "deny" };
  });
  contents.on("will-navigate", (event, url) => {
    if (isAppUrl(url, APP_ENTRY_URL)) return;
    event.preventDefault();
    openInBrowser(url);
  });
  contents.on("will-attach-webview", (event) => event.preventDefault());

  const stopForwarding = forwardCoreEvents(core, contents);
  window.on("closed", stopForwarding);

  if (DEV_RENDERER_URL) void window.loadURL(DEV_RENDERER_URL);
  else void window.loadFile(RENDERER_FILE);
  return window;
}

function buildMenu(): Menu {
  const isMac = process.platform === "darwin";
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: "appMenu" } as const] : []),
    { label: "&File", submenu: [isMac ? { role: "close" } : { role: "quit" }] },
    // Without the Edit roles, copy and paste shortcuts do nothing in the sign-in fields on macOS.
    { label: "&Edit", role: "editMenu" },
    {
      label: "&View",
      submenu: [
        { role: "reload" },
        ...(app.isPackaged ? [] : [{ role: "toggleDevTools" } as const]),
        { type: "separator" },
        { role: "resetZoom" },
        { role: "zoomIn" },
        { role: "zoomOut" },
        { type: "separator" },
        { role: "togglefullscreen" },
      ],
    },
    { label: "&Window", role: "windowMenu" },
    {
      label: "&Help",
      role: "help",
      submenu: [{ label: "Spike Land website", click: () => openInBrowser(WEBSITE_URL) }],
    },
  ];
  return Menu.buildFromTemplate(template);
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();

  let mainWindow: BrowserWindow | null = null;
  const core = createCore({
    userDataDir: app.getPath("userData"),
    secretBox: createSafeStorageSecretBox(safeStorage, process.platform) ?? undefined,
    shell: createCoreShell(() => BrowserWindow.getFocusedWindow() ?? mainWindow),
    log: (message, error) => console.warn(`[spike-land] ${message}`, error ?? ""),
  });
  registerIpc(ipcMain, core.handlers, {
    isTrustedSender: (frameUrl) => isAppUrl(frameUrl, APP_ENTRY_URL),
    onUnexpectedError: (channel, error) => console.error(`[spike-land] ${channel} failed`, error),
  });
  Menu.setApplicationMenu(buildMenu());

  mainWindow = createMainWindow(core);
  app.on("second-instance", () => {
    if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createMainWindow(core);
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on("activate", () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow(core);
  });
  app.on("window-all-closed", () => {
    if (process.platform !== "darwin") app.quit();
  });
}

void start();
