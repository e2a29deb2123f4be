/** The window's only way to reach the app: `window.spikeLand`, typed from the IPC contract. */
import type { DesktopBridge, IpcError } from "../ipc/contract.ts";

declare global {
  interface Window {
    /** Put there by the preload script (or the test host's stand-in for it). */
    readonly spikeLand?: DesktopBridge;
  }
}

export function getBridge(): DesktopBridge | null {
  return window.spikeLand ?? null;
}

export type { DesktopBridge, IpcError };
export type {
  AlbumChoice,
  EnhanceProgress,
  EnhanceQuote,
  SessionState,
  SignedInSession,
  SignedOutSession,
  UploadRunView,
  UploadTarget,
} from "../ipc/contract.ts";
