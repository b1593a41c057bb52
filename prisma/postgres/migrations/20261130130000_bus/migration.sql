-- DropIndex
DROP INDEX "Execution_status_idx";

-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "runnerName" TEXT,
ADD COLUMN     "skillSnapshot" TEXT NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "Execution" ADD COLUMN     "cancelRequestedAt" TIMESTAMP(3),
ADD COLUMN     "leaseExpiresAt" TIMESTAMP(3),
ADD COLUMN     "notBefore" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Runner" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "parts" TEXT NOT NULL DEFAULT '[]',
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL,
    "stoppedAt" TIMESTAMP(3),
    "stats" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "Runner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" BIGSERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "rooms" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Runner_heartbeatAt_idx" ON "Runner"("heartbeatAt");

-- CreateIndex
CREATE INDEX "Runner_name_idx" ON "Runner"("name");

-- CreateIndex
CREATE INDEX "Event_createdAt_idx" ON "Event"("createdAt");

-- CreateIndex
CREATE INDEX "Execution_status_notBefore_idx" ON "Execution"("status", "notBefore");

-- CreateIndex
CREATE INDEX "Execution_status_leaseExpiresAt_idx" ON "Execution"("status", "leaseExpiresAt");

-- CreateIndex
CREATE INDEX "Execution_runnerId_status_idx" ON "Execution"("runnerId", "status");

-- CreateIndex
CREATE INDEX "Execution_retryOfId_idx" ON "Execution"("retryOfId");

-- CreateIndex
CREATE INDEX "Execution_createdById_idx" ON "Execution"("createdById");

