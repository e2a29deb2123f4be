/**
 * Connects the core to Electron's IPC: one `ipcMain.handle` per contract channel, each going through
 * the contract-checking dispatcher, and core events forwarded to the window. Electron objects come in
 * as parameters (typed by the few members used) so this file is tested without Electron.
 */
import type { Core } from "../core/index.ts";
import {
  eventChannelNames,
  invokeChannelNames,
  type Handlers,
  type IpcResult,
  type Unsubscribe,
} from "../ipc/contract.ts";
import { createDispatcher, parseEvent, type DispatchOptions } from "../ipc/dispatch.ts";

/** The part of an `IpcMainInvokeEvent` the adapter reads. */
export type InvokeEventLike = { senderFrame: { url: string } | null };

/** The part of Electron's `ipcMain` the adapter uses. */
export type IpcMainLike = {
  handle(channel: string, listener: (event: InvokeEventLike, payload?: unknown) => Promise<IpcResult<unknown>>): void;
  removeHandler(channel: string): void;
};

/** The part of a `WebContents` events are sent through. */
export type WindowContentsLike = {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
};

export type RegisterIpcOptions = DispatchOptions & {
  /**
   * Decides from the sending frame's URL whether to answer at all, so a page the window was somehow
   * navigated to (or an embedded frame) cannot ask the core to sign in or out.
   */
  isTrustedSender: (frameUrl: string) => boolean;
};

export function registerIpc(ipcMain: IpcMainLike, handlers: Handlers, options: RegisterIpcOptions): Unsubscribe {
  const dispatch = createDispatcher(handlers, options);
  for (const channel of invokeChannelNames) {
    ipcMain.handle(channel, async (event, payload) => {
      const frameUrl = event.senderFrame?.url;
      if (frameUrl === undefined || !options.isTrustedSender(frameUrl)) {
        return { ok: false, error: { code: "forbidden", message: "This page may not talk to Spike Land." } };
      }
      return dispatch(channel, payload);
    });
  }
  return () => {
    for (const channel of invokeChannelNames) ipcMain.removeHandler(channel);
  };
}

/** Sends every core event to one window, checked against the contract, until the window goes away. */
export function forwardCoreEvents(core: Pick<Core, "on">, contents: WindowContentsLike): Unsubscribe {
  const stops = eventChannelNames.map((channel) =>
    core.on(channel, (payload) => {
      if (contents.isDestroyed()) return;
      const checked = parseEvent(channel, payload);
      if (checked !== null) contents.send(channel, checked);
    }),
  );
  return () => {
    for (const stop of stops) stop();
  };
}
