-- DropForeignKey
ALTER TABLE "merch_orders" DROP CONSTRAINT "merch_orders_userId_fkey";

-- DropForeignKey
ALTER TABLE "stripe_payments" DROP CONSTRAINT "stripe_payments_userId_fkey";

-- AlterTable
ALTER TABLE "merch_orders" ALTER COLUMN "userId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "stripe_payments" ALTER COLUMN "userId" DROP NOT NULL;

-- AddForeignKey
ALTER TABLE "stripe_payments" ADD CONSTRAINT "stripe_payments_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "merch_orders" ADD CONSTRAINT "merch_orders_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

