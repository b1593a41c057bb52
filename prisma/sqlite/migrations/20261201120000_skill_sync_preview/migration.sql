-- A Git sync is previewed, then confirmed; the assignments of a removed Git skill are remembered by its name and
-- given back when it returns; a sync records the edited skills it kept.
-- CreateTable
CREATE TABLE "RemovedSkillAssignment" (
    "agentId" TEXT NOT NULL,
    "skillName" TEXT NOT NULL,
    "assignedById" TEXT,
    "assignedAt" DATETIME NOT NULL,
    "removedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("agentId", "skillName"),
    CONSTRAINT "RemovedSkillAssignment_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SkillSync" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL DEFAULT 'running',
    "repoUrl" TEXT NOT NULL,
    "branch" TEXT NOT NULL,
    "folder" TEXT NOT NULL DEFAULT '',
    "commit" TEXT,
    "added" TEXT NOT NULL DEFAULT '[]',
    "updated" TEXT NOT NULL DEFAULT '[]',
    "removed" TEXT NOT NULL DEFAULT '[]',
    "conflicts" TEXT NOT NULL DEFAULT '[]',
    "invalid" TEXT NOT NULL DEFAULT '[]',
    "kept" TEXT NOT NULL DEFAULT '[]',
    "error" TEXT,
    "startedById" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);
INSERT INTO "new_SkillSync" ("added", "branch", "commit", "conflicts", "error", "finishedAt", "folder", "id", "invalid", "removed", "repoUrl", "startedAt", "startedById", "status", "updated") SELECT "added", "branch", "commit", "conflicts", "error", "finishedAt", "folder", "id", "invalid", "removed", "repoUrl", "startedAt", "startedById", "status", "updated" FROM "SkillSync";
DROP TABLE "SkillSync";
ALTER TABLE "new_SkillSync" RENAME TO "SkillSync";
CREATE INDEX "SkillSync_startedAt_idx" ON "SkillSync"("startedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "RemovedSkillAssignment_skillName_idx" ON "RemovedSkillAssignment"("skillName");

