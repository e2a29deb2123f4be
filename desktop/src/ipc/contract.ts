/**
 * The one typed contract between the desktop window and the app's core: every request channel with
 * its request and response schema, and every event the core pushes to the window.
 */
import { z } from "zod";
import { emailField, passwordField } from "@spike-land/shared/accounts/schemas";
import { apiErrorCode } from "@spike-land/shared/api/errors";
import { meResponse } from "@spike-land/shared/api/sessions";

/** Name of the object the preload script puts on `window`. */
export const BRIDGE_GLOBAL = "spikeLand";

export const signedOutSession = z.object({
  status: z.literal("signedOut"),
  /** The last server the user signed in to, so the sign-in form can offer it again. */
  serverUrl: z.string().nullable(),
});

export const signedInSession = z.object({
  status: z.literal("signedIn"),
  serverUrl: z.string(),
  user: meResponse.shape.user,
  tokens: meResponse.shape.tokens,
  /** When the account details were last fetched from the server. */
  refreshedAt: z.iso.datetime(),
});

export const sessionState = z.discriminatedUnion("status", [signedOutSession, signedInSession]);
export type SignedOutSession = z.infer<typeof signedOutSession>;
export type SignedInSession = z.infer<typeof signedInSession>;
export type SessionState = z.infer<typeof sessionState>;

export const signInRequest = z.object({
  serverUrl: z
    .string({ error: "Enter the address of your Spike Land server" })
    .trim()
    .min(1, "Enter the address of your Spike Land server")
    .max(2048, "That server address is too long"),
  email: emailField,
  password: passwordField,
});

/** Channels that carry no payload take `undefined`, so `invoke("session:get")` needs no argument. */
const noPayload = z.undefined();

export const invokeChannels = {
  "session:get": { request: noPayload, response: sessionState },
  "session:signIn": { request: signInRequest, response: signedInSession },
  "session:signOut": { request: noPayload, response: signedOutSession },
  "session:refresh": { request: noPayload, response: signedInSession },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export const eventChannels = {
  "session:changed": sessionState,
} as const satisfies Record<string, z.ZodType>;

export type InvokeChannel = keyof typeof invokeChannels;
export type EventChannel = keyof typeof eventChannels;

/** What a caller passes (before trimming and lower-casing). */
export type RequestOf<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]["request"]>;
/** What a handler receives after the contract has parsed the request. */
export type ParsedRequestOf<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]["request"]>;
export type ResponseOf<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]["response"]>;
export type EventPayloadOf<E extends EventChannel> = z.output<(typeof eventChannels)[E]>;

export const invokeChannelNames = Object.keys(invokeChannels) as InvokeChannel[];
export const eventChannelNames = Object.keys(eventChannels) as EventChannel[];

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === "string" && Object.hasOwn(invokeChannels, value);
}

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === "string" && Object.hasOwn(eventChannels, value);
}

/** Server error codes pass through unchanged so the window can show the server's own message. */
export const ipcErrorCode = z.enum([...apiErrorCode.options, "network", "unknown_channel"]);
export type IpcErrorCode = z.infer<typeof ipcErrorCode>;

export const ipcError = z.object({
  code: ipcErrorCode,
  message: z.string(),
  fields: z.record(z.string(), z.array(z.string())).optional(),
});
export type IpcError = z.infer<typeof ipcError>;

/**
 * Errors travel as data, not as thrown exceptions: Electron flattens a rejected invoke into a
 * generic "Error invoking remote method" string, which would lose the code and the field messages.
 */
export type IpcResult<T> = { ok: true; data: T } | { ok: false; error: IpcError };

export function ipcResultSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion("ok", [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: ipcError }),
  ]);
}

/** Channels without a payload take no second argument. */
export type InvokeArgs<C extends InvokeChannel> =
  undefined extends RequestOf<C> ? [request?: RequestOf<C>] : [request: RequestOf<C>];

export type Invoke = <C extends InvokeChannel>(
  channel: C,
  ...args: InvokeArgs<C>
) => Promise<IpcResult<ResponseOf<C>>>;

export type Unsubscribe = () => void;

export type On = <E extends EventChannel>(
  channel: E,
  listener: (payload: EventPayloadOf<E>) => void,
) => Unsubscribe;

/** The whole surface the window gets: `window.spikeLand`. */
export type DesktopBridge = {
  invoke: Invoke;
  on: On;
};

/** What the core implements for each channel; responses are re-validated before they leave main. */
export type Handlers = {
  [C in InvokeChannel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>>;
};
