/**
 * Builds the `window.spikeLand` object from any transport that can carry a request and events:
 * Electron IPC in the preload script, a WebSocket in the browser test host. It only lets through
 * channel names the contract knows, and asks the host where dropped files live on disk.
 */
import {
  isEventChannel,
  isInvokeChannel,
  type DesktopBridge,
  type EventPayloadOf,
  type IpcResult,
  type ResponseOf,
} from "../ipc/contract.ts";

export type BridgeTransport = {
  invoke(channel: string, request: unknown): Promise<unknown>;
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
};

/** How the host finds a dropped file on disk: Electron's `webUtils`, or the test host's drop folder. */
export type FilePaths = {
  pathForFile(file: File): string;
};

export function createBridge(transport: BridgeTransport, files: FilePaths): DesktopBridge {
  return Object.freeze({
    invoke: async (channel, ...args) => {
      if (!isInvokeChannel(channel)) {
        return { ok: false, error: { code: "unknown_channel", message: `The app has no "${String(channel)}" request.` } };
      }
      // Main validates every answer against the contract before it is sent, so the shape is known here.
      return (await transport.invoke(channel, args[0])) as IpcResult<ResponseOf<typeof channel>>;
    },
    on: (channel, listener) => {
      if (!isEventChannel(channel)) throw new Error(`The app has no "${String(channel)}" event.`);
      return transport.subscribe(channel, (payload) => listener(payload as EventPayloadOf<typeof channel>));
    },
    pathForFile: (file) => files.pathForFile(file),
  });
}
