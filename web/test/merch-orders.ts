/**
 * Merch orders for tests, written straight to the database as the checkout would leave them: an
 * authorised (PAID) order with a manual-capture PaymentIntent of the payment emulator and a print
 * file in object storage. Import only from test files, after the app's environment is set.
 */
import { randomBytes } from "node:crypto";
import { createHmac } from "node:crypto";
import sharp from "sharp";
import { prisma } from "../app/.server/platform/db.server.ts";
import { paymentsConfig } from "../app/.server/providers/payments/config.server.ts";
import { encodeIntent } from "../app/.server/providers/payments/emulator-sessions.server.ts";
import { objectStorage } from "../app/.server/providers/storage/index.server.ts";
import { makeUser } from "./fixtures.ts";

export type TestOrderOptions = {
  /** Catalogue product ids (seeded): prod_lustre_print, prod_canvas (PRODIGI), prod_tshirt (PRINTFUL). */
  products?: string[];
  recipient?: string;
  /** The print file's size; defaults to large enough for every product. */
  image?: { width: number; height: number } | "missing";
  status?: "PAID" | "SUBMITTED";
};

export async function makePaidOrder(options: TestOrderOptions = {}) {
  const user = await makeUser({ name: "Ada Lovelace" });
  const key = `merch-test/${randomBytes(6).toString("hex")}/print.jpg`;
  if (options.image !== "missing") {
    const { width, height } = options.image ?? { width: 2400, height: 2400 };
    const jpeg = await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } }).jpeg({ quality: 60 }).toBuffer();
    await objectStorage().put(key, jpeg, { contentType: "image/jpeg" });
  }
  const sessionKey = createHmac("sha256", paymentsConfig.webhookSecret).update("emulator checkout sessions").digest("hex");
  const paymentIntentId = encodeIntent(sessionKey, { amt: 2999, cur: "GBP", cus: "cus_local_test", md: { userId: user.id }, cap: "manual", cs: randomBytes(6).toString("hex") });
  const products = await prisma.merchProduct.findMany({ where: { id: { in: options.products ?? ["prod_lustre_print"] } }, include: { variants: { take: 1, orderBy: { createdAt: "asc" } } } });
  const order = await prisma.merchOrder.create({
    data: {
      userId: user.id,
      orderNumber: `SL-20261125-${randomBytes(2).toString("hex").toUpperCase()}`,
      status: options.status ?? "PAID",
      subtotal: "29.99",
      shippingCost: "4.99",
      totalAmount: "34.98",
      currency: "GBP",
      stripePaymentIntentId: paymentIntentId,
      stripePaymentStatus: "authorized",
      shippingAddress: { name: options.recipient ?? "Ada Lovelace", line1: "1 Example Street", line2: "", city: "London", postalCode: "SW1A 1AA", country: "GB" },
      customerEmail: user.email!,
      paidAt: new Date(),
      items: {
        create: products.map((product) => ({
          productId: product.id,
          variantId: product.variants[0]?.id ?? null,
          productName: product.name,
          variantName: product.variants[0]?.name ?? null,
          imageUrl: `/files/${key}`,
          imageR2Key: key,
          quantity: 1,
          unitPrice: "29.99",
          totalPrice: "29.99",
        })),
      },
    },
    include: { items: true },
  });
  return { user, order, imageKey: key };
}
