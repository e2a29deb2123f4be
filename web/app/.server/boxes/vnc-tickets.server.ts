/**
 * Tickets to a box's screen. The page asks for one (owner only, box running), then opens the
 * WebSocket VNC proxy with it; the proxy redeems it once, within a minute, for the box's VNC address.
 *
 * A ticket is signed, not stored: `boxId.userId.expiresMs.nonce.signature`, an HMAC with a key
 * derived from SESSION_SECRET. Any web process can check it without a shared store. Single use is
 * enforced by remembering redeemed nonces in this process until they expire. With several web
 * processes a ticket could therefore be redeemed once in each of them during its minute. We accept
 * that: the ticket is bound to one box and its owner, lives 60 s, travels only to the owner's
 * browser, and the VNC password is still needed past the proxy. A database table of tickets would
 * close that gap at the cost of a write per connection.
 */
import { createHmac, randomBytes } from "node:crypto";
import { DomainError } from "@spike-land/shared/errors";
import { env } from "../platform/env.server.ts";
import { safeEqual } from "../platform/crypto.server.ts";
import { BOX_NOT_FOUND, boxRuntime, getBox } from "./boxes.server.ts";

export const VNC_TICKET_TTL_MS = 60_000;

/** What the tickets need of the box service: ownership (404 for others' boxes) and the running box's address. */
export type VncTicketBoxes = {
  getBox(userId: string, boxId: string): Promise<unknown>;
  boxRuntime(userId: string, boxId: string): Promise<{ host: string; vncPort: number; vncPassword: string } | null>;
};

export type VncTicket = {
  ticket: string;
  /** The box's VNC password: the viewer answers the VNC server's challenge with it. */
  password: string;
  expiresAt: Date;
};

/**
 * Where a redeemed ticket leads, and who it was for: "web" tickets come from the box page (its
 * WebSocket must come from the app's own origin), "app" tickets from the API with a bearer token,
 * for the desktop app, whose window has an origin of its own.
 */
export type VncTarget = { host: string; port: number; client: VncClient };
export type VncClient = "web" | "app";

export const NOT_RUNNING_MESSAGE = "Start the box first.";

/** The key that signs tickets: derived from SESSION_SECRET, so it is never the secret itself. */
export function vncTicketKey(sessionSecret: string): Buffer {
  return createHmac("sha256", sessionSecret).update("spike-land box vnc tickets v1").digest();
}

/** Ids are cuids; anything with the ticket's separator in it can't be one of ours. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function createVncTickets(options: { key: Buffer; boxes: VncTicketBoxes; now?: () => number; ttlMs?: number }) {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? VNC_TICKET_TTL_MS;
  /** Redeemed nonces, each kept until its ticket would have expired anyway. */
  const used = new Map<string, number>();

  const sign = (payload: string) => createHmac("sha256", options.key).update(payload).digest("base64url");

  function forget(at: number) {
    for (const [nonce, expires] of used) if (expires <= at) used.delete(nonce);
  }

  /** A ticket for the user's own running box; 404 for anyone else's, 409 while it isn't running. */
  async function issue(userId: string, boxId: string, client: VncClient = "web"): Promise<VncTicket> {
    await options.boxes.getBox(userId, boxId);
    if (!ID.test(boxId)) throw new DomainError(404, BOX_NOT_FOUND);
    const runtime = await options.boxes.boxRuntime(userId, boxId);
    if (!runtime) throw new DomainError(409, NOT_RUNNING_MESSAGE);
    const expires = now() + ttlMs;
    const payload = [boxId, userId, String(expires), randomBytes(32).toString("base64url"), client].join(".");
    return { ticket: `${payload}.${sign(payload)}`, password: runtime.vncPassword, expiresAt: new Date(expires) };
  }

  /** The user the ticket was issued to, once: null when forged, expired, used, or for another box. */
  function redeem(ticket: string, boxId: string, accept: (client: VncClient) => boolean = () => true): { userId: string; client: VncClient } | null {
    const parts = ticket.split(".");
    if (parts.length !== 6) return null;
    const [ticketBox, userId, expiresText, nonce, client, signature] = parts as [string, string, string, string, string, string];
    if (!safeEqual(signature, sign(parts.slice(0, 5).join(".")))) return null;
    if ((client !== "web" && client !== "app") || !accept(client)) return null;
    const at = now();
    const expires = Number(expiresText);
    if (ticketBox !== boxId || !Number.isSafeInteger(expires) || expires <= at) return null;
    forget(at);
    if (used.has(nonce)) return null;
    used.set(nonce, expires);
    return { userId, client };
  }

  /** For the proxy: redeems the ticket, then where the box's VNC server listens (null if it no longer runs). */
  async function openTarget(boxId: string, ticket: string, accept?: (client: VncClient) => boolean): Promise<VncTarget | null> {
    const redeemed = redeem(ticket, boxId, accept);
    if (!redeemed) return null;
    const runtime = await options.boxes.boxRuntime(redeemed.userId, boxId);
    return runtime ? { host: runtime.host, port: runtime.vncPort, client: redeemed.client } : null;
  }

  return { issue, redeem, openTarget };
}

const tickets = createVncTickets({ key: vncTicketKey(env.SESSION_SECRET), boxes: { getBox, boxRuntime } });

export const issueVncTicket = tickets.issue;
export const redeemVncTicket = tickets.redeem;
export const openVncTarget = tickets.openTarget;
