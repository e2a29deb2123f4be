-- The checksum of the file each upload came from, so a client can ask which of its files the
-- library already holds before sending them.
-- AlterTable
ALTER TABLE "enhanced_images" ADD COLUMN     "sourceSha256" TEXT;

-- CreateIndex
CREATE INDEX "enhanced_images_userId_sourceSha256_idx" ON "enhanced_images"("userId", "sourceSha256");
