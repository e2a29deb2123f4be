/**
 * Stands in for the Electron preload script when the renderer runs in a plain browser under the
 * test host: builds the same `window.spikeLand` bridge, carried over a WebSocket to the real core.
 * A browser cannot tell where a dropped item lives, so a drop named N is taken to be
 * `<drop root>/N`, the drop root being what the host was started with (DESKTOP_TEST_DROP_ROOT).
 */
import { BRIDGE_GLOBAL } from "../src/ipc/contract.ts";
import { createBridge, type BridgeTransport, type FilePaths } from "../src/preload/bridge.ts";
import { DROP_ROOT_META, IPC_SOCKET_PATH, type HostMessage, type InvokeMessage } from "./protocol.ts";

const HOST_GONE = {
  ok: false,
  error: { code: "network", message: "Lost the connection to the desktop test host. Restart it and reload." },
} as const;

function connect(): BridgeTransport {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(`${scheme}//${location.host}${IPC_SOCKET_PATH}`);
  const opened = new Promise<boolean>((resolve) => {
    socket.addEventListener("open", () => resolve(true), { once: true });
    socket.addEventListener("close", () => resolve(false), { once: true });
  });
  const pending = new Map<number, (result: unknown) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;

  socket.addEventListener("message", (event: MessageEvent<string>) => {
    const message = JSON.parse(event.data) as HostMessage;
    if (message.type === "result") {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else {
      listeners.get(message.channel)?.forEach((listener) => listener(message.payload));
    }
  });
  socket.addEventListener("close", () => {
    for (const resolve of pending.values()) resolve(HOST_GONE);
    pending.clear();
  });

  return {
    async invoke(channel, request) {
      if (!(await opened) || socket.readyState !== WebSocket.OPEN) return HOST_GONE;
      const id = nextId++;
      const message: InvokeMessage = { type: "invoke", id, channel, request };
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify(message));
      });
    },
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set.add(listener));
      return () => {
        set.delete(listener);
      };
    },
  };
}

function dropFolder(): FilePaths {
  const root = document.querySelector<HTMLMetaElement>(`meta[name="${DROP_ROOT_META}"]`)?.content.replace(/[\\/]+$/, "");
  return {
    pathForFile(file) {
      if (!root) throw new Error("Dropping folders works in the desktop app. Here, use “Choose folders…” instead.");
      return `${root}/${file.name}`;
    },
  };
}

Object.defineProperty(window, BRIDGE_GLOBAL, { value: createBridge(connect(), dropFolder()), enumerable: true });
