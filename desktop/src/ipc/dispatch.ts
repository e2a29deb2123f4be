/**
 * The one place a request from the window reaches the core: checks the channel, parses the payload
 * with the contract, calls the handler, checks the answer, and turns any failure into a typed error.
 * The Electron IPC adapter and the browser test host both go through it, so both enforce the same rules.
 */
import type { z } from "zod";
import { ApiError } from "@spike-land/shared/api/client";
import { issuesToFields } from "@spike-land/shared/errors";
import { CoreError } from "../core/errors.ts";
import {
  eventChannels,
  invokeChannels,
  isEventChannel,
  isInvokeChannel,
  type EventChannel,
  type Handlers,
  type IpcError,
  type IpcResult,
} from "./contract.ts";

export type Dispatch = (channel: unknown, payload: unknown) => Promise<IpcResult<unknown>>;

export type DispatchOptions = {
  /** Hears about bugs (a handler crashing, an answer breaking the contract); the user gets a plain message. */
  onUnexpectedError?: (channel: string, error: unknown) => void;
};

const UNEXPECTED_MESSAGE =
  "Something went wrong inside Spike Land. Try again; if it keeps happening, restart the app.";

export function createDispatcher(handlers: Handlers, options: DispatchOptions = {}): Dispatch {
  return async (channel, payload) => {
    if (!isInvokeChannel(channel)) {
      return failure({ code: "unknown_channel", message: `The app has no "${String(channel)}" request.` });
    }
    const contract = invokeChannels[channel];
    const request = contract.request.safeParse(payload);
    if (!request.success) return failure(validationError(request.error));

    let answer: unknown;
    try {
      // The parse above is what makes this cast true: each handler gets its own channel's request.
      const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
      answer = await handler(request.data);
    } catch (error) {
      const known = toIpcError(error);
      if (known) return failure(known);
      options.onUnexpectedError?.(channel, error);
      return failure({ code: "internal", message: UNEXPECTED_MESSAGE });
    }

    const response = contract.response.safeParse(answer);
    if (!response.success) {
      options.onUnexpectedError?.(channel, response.error);
      return failure({ code: "internal", message: UNEXPECTED_MESSAGE });
    }
    return { ok: true, data: response.data };
  };
}

/** Checks an event payload before it is sent to any window; returns null if it breaks the contract. */
export function parseEvent(channel: EventChannel, payload: unknown): unknown {
  if (!isEventChannel(channel)) return null;
  const parsed = eventChannels[channel].safeParse(payload);
  return parsed.success ? parsed.data : null;
}

/** Errors the user can act on (server answers, bad input): everything else is a bug and stays generic. */
export function toIpcError(error: unknown): IpcError | null {
  if (error instanceof ApiError || error instanceof CoreError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.fields ? { fields: error.fields } : {}),
    };
  }
  return null;
}

function validationError(error: z.ZodError): IpcError {
  // Issues about the whole payload (key "_") become the message rather than a field.
  const { _: whole, ...fields } = issuesToFields(error.issues);
  const fieldCount = Object.keys(fields).length;
  const message =
    whole?.[0] ??
    (fieldCount === 1 ? (Object.values(fields)[0]?.[0] ?? "Check the marked field.") : "Check the marked fields.");
  return { code: "validation_failed", message, ...(fieldCount ? { fields } : {}) };
}

function failure(error: IpcError): IpcResult<never> {
  return { ok: false, error };
}
