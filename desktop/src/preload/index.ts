/**
 * The preload script: gives the sandboxed window `window.spikeLand` (typed `invoke` and `on` for the
 * contract's channels) and nothing else; the window never sees `ipcRenderer` itself.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from "electron";
import { BRIDGE_GLOBAL } from "../ipc/contract.ts";
import { createBridge } from "./bridge.ts";

const bridge = createBridge({
  invoke: (channel, request) => ipcRenderer.invoke(channel, request),
  subscribe: (channel, listener) => {
    // Drop the IPC event: it carries `sender`, which must not reach the page.
    const relay = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, relay);
    return () => {
      ipcRenderer.removeListener(channel, relay);
    };
  },
});

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
