-- Where a running box is reached (ports, provider handle, encrypted VNC password) and how far its
-- hours are paid: one row per running box, gone with the box (docs/decisions/013-box-runtime-table.md).

-- CreateTable
CREATE TABLE "box_runtimes" (
    "boxId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "vncPort" INTEGER NOT NULL,
    "vncPasswordEncrypted" TEXT NOT NULL,
    "cdpPort" INTEGER NOT NULL,
    "handle" JSONB NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "paidUntil" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "box_runtimes_pkey" PRIMARY KEY ("boxId")
);

-- CreateIndex
CREATE INDEX "box_runtimes_paidUntil_idx" ON "box_runtimes"("paidUntil");

-- AddForeignKey
ALTER TABLE "box_runtimes" ADD CONSTRAINT "box_runtimes_boxId_fkey" FOREIGN KEY ("boxId") REFERENCES "boxes"("id") ON DELETE CASCADE ON UPDATE CASCADE;
