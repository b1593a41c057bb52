-- Schedule controls: pause with a note and an automatic resume, auto-pause after failures, jitter, a start/end
-- window, and the ScheduleChange record of who changed a schedule, how and when.
-- AlterTable
ALTER TABLE "Schedule" ADD COLUMN     "autoPauseAfterFailures" INTEGER,
ADD COLUMN     "autoPaused" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "endAt" TIMESTAMP(3),
ADD COLUMN     "jitterSeconds" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "pauseNote" TEXT,
ADD COLUMN     "pausedAt" TIMESTAMP(3),
ADD COLUMN     "pausedById" TEXT,
ADD COLUMN     "resumeAt" TIMESTAMP(3),
ADD COLUMN     "resumedAt" TIMESTAMP(3),
ADD COLUMN     "startAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ScheduleChange" (
    "id" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "userId" TEXT,
    "action" TEXT NOT NULL,
    "details" TEXT NOT NULL DEFAULT '{}',
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScheduleChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ScheduleChange_scheduleId_at_idx" ON "ScheduleChange"("scheduleId", "at");

-- CreateIndex
CREATE INDEX "ScheduleChange_userId_idx" ON "ScheduleChange"("userId");

-- CreateIndex
CREATE INDEX "Schedule_pausedById_idx" ON "Schedule"("pausedById");

-- AddForeignKey
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_pausedById_fkey" FOREIGN KEY ("pausedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduleChange" ADD CONSTRAINT "ScheduleChange_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduleChange" ADD CONSTRAINT "ScheduleChange_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

