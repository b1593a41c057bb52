-- One-click decision links (single-use tokens, only a hash kept), approver groups, delegation, and who a delegate decided for.
-- CreateTable
CREATE TABLE "ApprovalActionToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "approvalId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ApprovalActionToken_approvalId_fkey" FOREIGN KEY ("approvalId") REFERENCES "Approval" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApprovalActionToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ApproverGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ApproverGroupMember" (
    "groupId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    PRIMARY KEY ("groupId", "userId"),
    CONSTRAINT "ApproverGroupMember_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "ApproverGroup" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApproverGroupMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ApprovalDelegation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "fromUserId" TEXT NOT NULL,
    "toUserId" TEXT NOT NULL,
    "approvalId" TEXT,
    "startsAt" DATETIME,
    "endsAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME,
    CONSTRAINT "ApprovalDelegation_fromUserId_fkey" FOREIGN KEY ("fromUserId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApprovalDelegation_toUserId_fkey" FOREIGN KEY ("toUserId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApprovalDelegation_approvalId_fkey" FOREIGN KEY ("approvalId") REFERENCES "Approval" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ApprovalDecision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "approvalId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "comment" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "onBehalfOfId" TEXT,
    CONSTRAINT "ApprovalDecision_approvalId_fkey" FOREIGN KEY ("approvalId") REFERENCES "Approval" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApprovalDecision_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApprovalDecision_onBehalfOfId_fkey" FOREIGN KEY ("onBehalfOfId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ApprovalDecision" ("approvalId", "comment", "createdAt", "decision", "id", "userId") SELECT "approvalId", "comment", "createdAt", "decision", "id", "userId" FROM "ApprovalDecision";
DROP TABLE "ApprovalDecision";
ALTER TABLE "new_ApprovalDecision" RENAME TO "ApprovalDecision";
CREATE INDEX "ApprovalDecision_userId_idx" ON "ApprovalDecision"("userId");
CREATE INDEX "ApprovalDecision_onBehalfOfId_idx" ON "ApprovalDecision"("onBehalfOfId");
CREATE UNIQUE INDEX "ApprovalDecision_approvalId_userId_key" ON "ApprovalDecision"("approvalId", "userId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ApprovalActionToken_approvalId_idx" ON "ApprovalActionToken"("approvalId");

-- CreateIndex
CREATE INDEX "ApprovalActionToken_userId_idx" ON "ApprovalActionToken"("userId");

-- CreateIndex
CREATE INDEX "ApprovalActionToken_expiresAt_idx" ON "ApprovalActionToken"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "ApproverGroup_name_key" ON "ApproverGroup"("name");

-- CreateIndex
CREATE INDEX "ApproverGroupMember_userId_idx" ON "ApproverGroupMember"("userId");

-- CreateIndex
CREATE INDEX "ApprovalDelegation_toUserId_revokedAt_idx" ON "ApprovalDelegation"("toUserId", "revokedAt");

-- CreateIndex
CREATE INDEX "ApprovalDelegation_fromUserId_revokedAt_idx" ON "ApprovalDelegation"("fromUserId", "revokedAt");

-- CreateIndex
CREATE INDEX "ApprovalDelegation_approvalId_idx" ON "ApprovalDelegation"("approvalId");

