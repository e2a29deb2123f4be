/** The messages the browser test host and its preload stand-in exchange over the WebSocket. */
import type { IpcResult } from "../src/ipc/contract.ts";

/** Same origin as the page, so the renderer's `connect-src 'self'` policy needs no exception. */
export const IPC_SOCKET_PATH = "/__test-host/ipc";
export const SHIM_SCRIPT_PATH = "/__test-host/preload-shim.js";

export type InvokeMessage = { type: "invoke"; id: number; channel: string; request?: unknown };
export type ResultMessage = { type: "result"; id: number; result: IpcResult<unknown> };
export type EventMessage = { type: "event"; channel: string; payload: unknown };
export type HostMessage = ResultMessage | EventMessage;
