-- CreateTable
CREATE TABLE "Schedule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agentId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "message" TEXT NOT NULL,
    "model" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "overlapPolicy" TEXT NOT NULL DEFAULT 'skip',
    "catchUpPolicy" TEXT NOT NULL DEFAULT 'latest',
    "catchUpWindowSeconds" INTEGER NOT NULL DEFAULT 86400,
    "timeoutSeconds" INTEGER,
    "retryCount" INTEGER NOT NULL DEFAULT 0,
    "retryBackoffSeconds" INTEGER NOT NULL DEFAULT 60,
    "createdById" TEXT,
    "lastSlotAt" DATETIME,
    "lastRunAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Schedule_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Schedule_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Execution" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agentId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "message" TEXT NOT NULL,
    "model" TEXT,
    "response" TEXT,
    "error" TEXT,
    "exitCode" INTEGER,
    "stderr" TEXT,
    "costUsd" REAL,
    "inputTokens" INTEGER,
    "outputTokens" INTEGER,
    "cacheReadTokens" INTEGER,
    "cacheCreationTokens" INTEGER,
    "durationMs" INTEGER,
    "numTurns" INTEGER,
    "sessionId" TEXT,
    "timeoutSeconds" INTEGER,
    "idempotencyKey" TEXT,
    "runnerId" TEXT,
    "createdById" TEXT,
    "conversationId" TEXT,
    "scheduleId" TEXT,
    "scheduledFor" DATETIME,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "retryOfId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "Execution_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Execution_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Execution_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Execution_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Execution_retryOfId_fkey" FOREIGN KEY ("retryOfId") REFERENCES "Execution" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Execution" ("agentId", "cacheCreationTokens", "cacheReadTokens", "conversationId", "costUsd", "createdAt", "createdById", "durationMs", "error", "exitCode", "finishedAt", "id", "idempotencyKey", "inputTokens", "message", "model", "numTurns", "outputTokens", "response", "runnerId", "sessionId", "startedAt", "status", "stderr", "timeoutSeconds", "trigger") SELECT "agentId", "cacheCreationTokens", "cacheReadTokens", "conversationId", "costUsd", "createdAt", "createdById", "durationMs", "error", "exitCode", "finishedAt", "id", "idempotencyKey", "inputTokens", "message", "model", "numTurns", "outputTokens", "response", "runnerId", "sessionId", "startedAt", "status", "stderr", "timeoutSeconds", "trigger" FROM "Execution";
DROP TABLE "Execution";
ALTER TABLE "new_Execution" RENAME TO "Execution";
CREATE UNIQUE INDEX "Execution_idempotencyKey_key" ON "Execution"("idempotencyKey");
CREATE INDEX "Execution_agentId_createdAt_idx" ON "Execution"("agentId", "createdAt");
CREATE INDEX "Execution_agentId_status_idx" ON "Execution"("agentId", "status");
CREATE INDEX "Execution_status_idx" ON "Execution"("status");
CREATE INDEX "Execution_conversationId_createdAt_idx" ON "Execution"("conversationId", "createdAt");
CREATE INDEX "Execution_scheduleId_createdAt_idx" ON "Execution"("scheduleId", "createdAt");
CREATE UNIQUE INDEX "Execution_scheduleId_scheduledFor_attempt_key" ON "Execution"("scheduleId", "scheduledFor", "attempt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Schedule_enabled_idx" ON "Schedule"("enabled");

-- CreateIndex
CREATE UNIQUE INDEX "Schedule_agentId_name_key" ON "Schedule"("agentId", "name");

