-- Approvals: request changes (the deciding comment), reminders before the deadline or at intervals, escalation.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Approval" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "stepRunId" TEXT NOT NULL,
    "processName" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "context" TEXT NOT NULL DEFAULT '{}',
    "startedById" TEXT,
    "approvers" TEXT NOT NULL DEFAULT '[]',
    "requiredApprovals" INTEGER NOT NULL DEFAULT 1,
    "allowSelfApproval" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "deadlineAt" DATETIME,
    "onTimeout" TEXT NOT NULL DEFAULT 'reject',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" DATETIME,
    "comment" TEXT,
    "reminderOffsets" TEXT NOT NULL DEFAULT '[]',
    "remindEvery" INTEGER,
    "remindersSent" INTEGER NOT NULL DEFAULT 0,
    "lastReminderAt" DATETIME,
    "nextReminderAt" DATETIME,
    "escalateTo" TEXT NOT NULL DEFAULT '[]',
    "escalateAfter" INTEGER NOT NULL DEFAULT 1,
    "escalatedAt" DATETIME,
    CONSTRAINT "Approval_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ProcessRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Approval_stepRunId_fkey" FOREIGN KEY ("stepRunId") REFERENCES "StepRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Approval" ("allowSelfApproval", "approvers", "context", "createdAt", "deadlineAt", "decidedAt", "description", "id", "onTimeout", "processName", "requiredApprovals", "runId", "startedById", "status", "stepRunId", "title") SELECT "allowSelfApproval", "approvers", "context", "createdAt", "deadlineAt", "decidedAt", "description", "id", "onTimeout", "processName", "requiredApprovals", "runId", "startedById", "status", "stepRunId", "title" FROM "Approval";
DROP TABLE "Approval";
ALTER TABLE "new_Approval" RENAME TO "Approval";
CREATE UNIQUE INDEX "Approval_stepRunId_key" ON "Approval"("stepRunId");
CREATE INDEX "Approval_status_deadlineAt_idx" ON "Approval"("status", "deadlineAt");
CREATE INDEX "Approval_status_nextReminderAt_idx" ON "Approval"("status", "nextReminderAt");
CREATE INDEX "Approval_status_createdAt_id_idx" ON "Approval"("status", "createdAt", "id");
CREATE INDEX "Approval_createdAt_idx" ON "Approval"("createdAt");
CREATE INDEX "Approval_runId_idx" ON "Approval"("runId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

