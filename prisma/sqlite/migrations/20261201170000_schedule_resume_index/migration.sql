-- Each worker looks every second for paused schedules whose resume time has come: an index, not a scan.
CREATE INDEX "Schedule_resumeAt_idx" ON "Schedule"("resumeAt");
