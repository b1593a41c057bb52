-- Schedule controls: pause with a note and an automatic resume, auto-pause after failures, jitter, a start/end
-- window, and the ScheduleChange record of who changed a schedule, how and when.
-- CreateTable
CREATE TABLE "ScheduleChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scheduleId" TEXT NOT NULL,
    "userId" TEXT,
    "action" TEXT NOT NULL,
    "details" TEXT NOT NULL DEFAULT '{}',
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ScheduleChange_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScheduleChange_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Schedule" (
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
    "pausedAt" DATETIME,
    "pausedById" TEXT,
    "pauseNote" TEXT,
    "resumeAt" DATETIME,
    "autoPaused" BOOLEAN NOT NULL DEFAULT false,
    "resumedAt" DATETIME,
    "autoPauseAfterFailures" INTEGER,
    "jitterSeconds" INTEGER NOT NULL DEFAULT 0,
    "startAt" DATETIME,
    "endAt" DATETIME,
    CONSTRAINT "Schedule_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Schedule_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Schedule_pausedById_fkey" FOREIGN KEY ("pausedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Schedule" ("agentId", "catchUpPolicy", "catchUpWindowSeconds", "createdAt", "createdById", "cron", "description", "enabled", "id", "lastRunAt", "lastSlotAt", "message", "model", "name", "overlapPolicy", "retryBackoffSeconds", "retryCount", "timeoutSeconds", "timezone", "updatedAt", "version") SELECT "agentId", "catchUpPolicy", "catchUpWindowSeconds", "createdAt", "createdById", "cron", "description", "enabled", "id", "lastRunAt", "lastSlotAt", "message", "model", "name", "overlapPolicy", "retryBackoffSeconds", "retryCount", "timeoutSeconds", "timezone", "updatedAt", "version" FROM "Schedule";
DROP TABLE "Schedule";
ALTER TABLE "new_Schedule" RENAME TO "Schedule";
CREATE INDEX "Schedule_enabled_idx" ON "Schedule"("enabled");
CREATE INDEX "Schedule_createdById_idx" ON "Schedule"("createdById");
CREATE INDEX "Schedule_pausedById_idx" ON "Schedule"("pausedById");
CREATE UNIQUE INDEX "Schedule_agentId_name_key" ON "Schedule"("agentId", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ScheduleChange_scheduleId_at_idx" ON "ScheduleChange"("scheduleId", "at");

-- CreateIndex
CREATE INDEX "ScheduleChange_userId_idx" ON "ScheduleChange"("userId");

