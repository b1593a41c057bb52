-- A Git sync is previewed, then confirmed; the assignments of a removed Git skill are remembered by its name and
-- given back when it returns; a sync records the edited skills it kept.
-- AlterTable
ALTER TABLE "SkillSync" ADD COLUMN     "kept" TEXT NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "RemovedSkillAssignment" (
    "agentId" TEXT NOT NULL,
    "skillName" TEXT NOT NULL,
    "assignedById" TEXT,
    "assignedAt" TIMESTAMP(3) NOT NULL,
    "removedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RemovedSkillAssignment_pkey" PRIMARY KEY ("agentId","skillName")
);

-- CreateIndex
CREATE INDEX "RemovedSkillAssignment_skillName_idx" ON "RemovedSkillAssignment"("skillName");

-- AddForeignKey
ALTER TABLE "RemovedSkillAssignment" ADD CONSTRAINT "RemovedSkillAssignment_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

