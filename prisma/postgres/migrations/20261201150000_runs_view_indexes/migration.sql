-- The Runs view lists every execution newest first (createdAt, then id), filtered by trigger or status.
-- CreateIndex
CREATE INDEX "Execution_createdAt_id_idx" ON "Execution"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Execution_trigger_createdAt_id_idx" ON "Execution"("trigger", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Execution_status_createdAt_id_idx" ON "Execution"("status", "createdAt", "id");
