import { WebhookDeliveryError } from "../providers/payments/emulator-events.server.ts";
import { PaymentProviderError } from "../providers/payments/types.ts";
import { DomainError } from "@spike-land/shared/errors";

/** Problems a payment request can meet, each with the HTTP status it maps to and a message for the person paying. */
export class PaymentError extends DomainError {
  constructor(message: string, status: number) {
    super(status, message);
  }
}

export const paymentsUnavailable = () =>
  new PaymentError("Payments are not available on this server yet. Please try again later.", 503);

/** A provider's failure as a PaymentError, keeping its customer-facing message and status. */
export function fromProviderError(error: unknown): never {
  if (error instanceof PaymentError) throw error;
  if (error instanceof PaymentProviderError) {
    throw new PaymentError(error.message, error.status === 402 ? 402 : error.status === 404 ? 404 : 502);
  }
  if (error instanceof WebhookDeliveryError) {
    throw new PaymentError(`The payment emulator could not tell the app about it: ${error.message}`, 502);
  }
  throw error;
}
