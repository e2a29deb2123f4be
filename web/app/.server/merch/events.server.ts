/**
 * The order state machine on the database: every status change locks the order row, checks the move
 * against the shared transition table, and writes its `merch_order_events` row in the same
 * transaction, so the timeline and the status never disagree.
 */
import { canMove, type MerchOrderStatus, type OrderEventType } from "@spike-land/shared/merch/orders";
import type { Prisma } from "../platform/db.server.ts";
import { DomainError } from "@spike-land/shared/errors";

export class OrderStateError extends DomainError {
  constructor(message: string, status = 409) {
    super(status, message);
  }
}

type Client = Prisma.TransactionClient;

export function addOrderEvent(client: Client, orderId: string, type: OrderEventType, data?: Prisma.InputJsonValue) {
  return client.merchOrderEvent.create({ data: { orderId, type, ...(data === undefined ? {} : { data }) } });
}

/** Locks the order row for the rest of the transaction and returns its current status. */
export async function lockOrder(client: Client, orderId: string): Promise<MerchOrderStatus> {
  const rows = await client.$queryRaw<Array<{ status: MerchOrderStatus }>>`
    SELECT status::text AS status FROM merch_orders WHERE id = ${orderId} FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new OrderStateError("That order was not found.", 404);
  return row.status;
}

/**
 * Moves an order to `to` with its event, inside the caller's transaction. Moving to the status it
 * already has returns false and writes nothing (a replayed webhook); an illegal move throws.
 */
export async function moveOrder(
  client: Client,
  orderId: string,
  to: MerchOrderStatus,
  event: OrderEventType,
  options: { data?: Prisma.InputJsonValue; changes?: Prisma.MerchOrderUpdateInput } = {},
): Promise<boolean> {
  const from = await lockOrder(client, orderId);
  if (from === to) return false;
  if (!canMove(from, to)) throw new OrderStateError(`An order that is ${from.toLowerCase().replaceAll("_", " ")} cannot become ${to.toLowerCase().replaceAll("_", " ")}.`);
  await client.merchOrder.update({ where: { id: orderId }, data: { ...options.changes, status: to } });
  await addOrderEvent(client, orderId, event, options.data);
  return true;
}

