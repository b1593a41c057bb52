-- Every foreign key and every filter the pages use has an index; agents are deleted in two steps (deletedAt marks
-- one hidden at once, a worker removes what it owned in batches).

-- DropIndex
DROP INDEX "Conversation_agentId_userId_idx";

-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "User_role_idx" ON "User"("role");

-- CreateIndex
CREATE INDEX "Agent_deletedAt_idx" ON "Agent"("deletedAt");

-- CreateIndex
CREATE INDEX "Execution_status_finishedAt_idx" ON "Execution"("status", "finishedAt");

-- CreateIndex
CREATE INDEX "Conversation_agentId_userId_updatedAt_idx" ON "Conversation"("agentId", "userId", "updatedAt");

-- CreateIndex
CREATE INDEX "Conversation_userId_idx" ON "Conversation"("userId");

-- CreateIndex
CREATE INDEX "Schedule_createdById_idx" ON "Schedule"("createdById");

-- CreateIndex
CREATE INDEX "ProcessRun_startedById_idx" ON "ProcessRun"("startedById");

-- CreateIndex
CREATE INDEX "Approval_status_createdAt_idx" ON "Approval"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Approval_createdAt_idx" ON "Approval"("createdAt");

-- CreateIndex
CREATE INDEX "ApprovalDecision_userId_idx" ON "ApprovalDecision"("userId");
