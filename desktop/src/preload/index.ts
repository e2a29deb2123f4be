/**
 * The preload script: gives the sandboxed window `window.spikeLand` (typed `invoke` and `on` for the
 * contract's channels, and `pathForFile` for drops) and nothing else; the window never sees
 * `ipcRenderer` itself.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from "electron";
import { BRIDGE_GLOBAL } from "../ipc/contract.ts";
import { createBridge, type BridgeTransport, type FilePaths } from "./bridge.ts";

const transport: BridgeTransport = {
  invoke: (channel, request) => ipcRenderer.invoke(channel, request),
  subscribe: (channel, listener) => {
    // Drop the IPC event: it carries `sender`, which must not reach the page.
    const relay = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, relay);
    return () => {
      ipcRenderer.removeListener(channel, relay);
    };
  },
};

// A sandboxed page's File has no `path`; only the preload can ask where a dropped item lives.
const files: FilePaths = { pathForFile: (file) => webUtils.getPathForFile(file) };

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, createBridge(transport, files));
