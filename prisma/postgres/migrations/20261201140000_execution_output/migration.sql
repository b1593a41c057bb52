-- A run's live transcript: one row per entry (assistant text, tool call, tool result, output line, final result),
-- removed with its execution.
-- CreateTable
CREATE TABLE "ExecutionOutput" (
    "executionId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExecutionOutput_pkey" PRIMARY KEY ("executionId","seq")
);

-- AddForeignKey
ALTER TABLE "ExecutionOutput" ADD CONSTRAINT "ExecutionOutput_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "Execution"("id") ON DELETE CASCADE ON UPDATE CASCADE;
