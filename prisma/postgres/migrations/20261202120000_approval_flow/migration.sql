-- Approvals: request changes (the deciding comment), reminders before the deadline or at intervals, escalation.
-- AlterTable
ALTER TABLE "Approval" ADD COLUMN     "comment" TEXT,
ADD COLUMN     "escalateAfter" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "escalateTo" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "escalatedAt" TIMESTAMP(3),
ADD COLUMN     "lastReminderAt" TIMESTAMP(3),
ADD COLUMN     "nextReminderAt" TIMESTAMP(3),
ADD COLUMN     "remindEvery" INTEGER,
ADD COLUMN     "reminderOffsets" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "remindersSent" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Approval_status_nextReminderAt_idx" ON "Approval"("status", "nextReminderAt");

