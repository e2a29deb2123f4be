-- Names that say what the columns hold: prices and payments are in GBP, enhancement and generation
-- jobs record whichever engine or model ran (local or Gemini), and webhook events come from every
-- provider (Stripe as well as the print providers). Data is kept; only names change.

ALTER TABLE "tokens_packages" RENAME COLUMN "priceUSD" TO "priceGBP";
ALTER TABLE "stripe_payments" RENAME COLUMN "amountUSD" TO "amountGBP";

ALTER TABLE "image_enhancement_jobs" RENAME COLUMN "geminiPrompt" TO "enhancementPrompt";
ALTER TABLE "image_enhancement_jobs" RENAME COLUMN "geminiModel" TO "enhancementModel";
ALTER TABLE "image_enhancement_jobs" RENAME COLUMN "geminiTemp" TO "enhancementTemperature";
ALTER TABLE "mcp_generation_jobs" RENAME COLUMN "geminiModel" TO "modelName";

ALTER TABLE "merch_webhook_events" RENAME TO "webhook_events";
ALTER TABLE "webhook_events" RENAME CONSTRAINT "merch_webhook_events_pkey" TO "webhook_events_pkey";
ALTER INDEX "merch_webhook_events_eventId_key" RENAME TO "webhook_events_eventId_key";
ALTER INDEX "merch_webhook_events_provider_eventType_idx" RENAME TO "webhook_events_provider_eventType_idx";
ALTER INDEX "merch_webhook_events_processed_idx" RENAME TO "webhook_events_processed_idx";
