-- The outbox's id is SQLite's 64-bit rowid with AUTOINCREMENT (never reused after old events are pruned, so a
-- tail that resumes from an id misses nothing); Prisma would write BIGINT PRIMARY KEY, which is not a rowid.

-- DropIndex
DROP INDEX "Execution_status_idx";

-- AlterTable
ALTER TABLE "Execution" ADD COLUMN "cancelRequestedAt" DATETIME;
ALTER TABLE "Execution" ADD COLUMN "leaseExpiresAt" DATETIME;
ALTER TABLE "Execution" ADD COLUMN "notBefore" DATETIME;

-- CreateTable
CREATE TABLE "Runner" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "parts" TEXT NOT NULL DEFAULT '[]',
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" DATETIME NOT NULL,
    "stoppedAt" DATETIME,
    "stats" TEXT NOT NULL DEFAULT '{}'
);

-- CreateTable
CREATE TABLE "Event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "rooms" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Agent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "runtime" TEXT NOT NULL,
    "model" TEXT NOT NULL DEFAULT 'sonnet',
    "command" TEXT,
    "workspaceDir" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'stopped',
    "concurrencyLimit" INTEGER NOT NULL DEFAULT 1,
    "timeoutSeconds" INTEGER NOT NULL DEFAULT 600,
    "ownerId" TEXT NOT NULL,
    "runnerName" TEXT,
    "skillSnapshot" TEXT NOT NULL DEFAULT '[]',
    "startedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Agent_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Agent" ("command", "concurrencyLimit", "createdAt", "description", "id", "model", "name", "ownerId", "runtime", "startedAt", "status", "timeoutSeconds", "updatedAt", "workspaceDir") SELECT "command", "concurrencyLimit", "createdAt", "description", "id", "model", "name", "ownerId", "runtime", "startedAt", "status", "timeoutSeconds", "updatedAt", "workspaceDir" FROM "Agent";
DROP TABLE "Agent";
ALTER TABLE "new_Agent" RENAME TO "Agent";
CREATE UNIQUE INDEX "Agent_name_key" ON "Agent"("name");
CREATE INDEX "Agent_ownerId_idx" ON "Agent"("ownerId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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

