/** The messages the browser test host and its preload stand-in exchange over the WebSocket. */
import type { IpcResult } from "../src/ipc/contract.ts";

/** Same origin as the page, so the renderer's `connect-src 'self'` policy needs no exception. */
export const IPC_SOCKET_PATH = "/__test-host/ipc";
export const SHIM_SCRIPT_PATH = "/__test-host/preload-shim.js";
/** Answers `{ url }`: the last page the app asked to open in the browser (null before any). */
export const OPENED_PATH = "/__test-host/opened";
/**
 * The `<meta name>` carrying the folder a dropped item is taken to come from (the page has no file
 * paths of its own); absent when the host was started without one.
 */
export const DROP_ROOT_META = "spike-land-test-drop-root";

export type InvokeMessage = { type: "invoke"; id: number; channel: string; request?: unknown };
export type ResultMessage = { type: "result"; id: number; result: IpcResult<unknown> };
export type EventMessage = { type: "event"; channel: string; payload: unknown };
export type HostMessage = ResultMessage | EventMessage;
