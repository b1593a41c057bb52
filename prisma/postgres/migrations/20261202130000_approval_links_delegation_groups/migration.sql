-- One-click decision links (single-use tokens, only a hash kept), approver groups, delegation, and who a delegate decided for.
-- AlterTable
ALTER TABLE "ApprovalDecision" ADD COLUMN     "onBehalfOfId" TEXT;

-- CreateTable
CREATE TABLE "ApprovalActionToken" (
    "id" TEXT NOT NULL,
    "approvalId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApprovalActionToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApproverGroup" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ApproverGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApproverGroupMember" (
    "groupId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    CONSTRAINT "ApproverGroupMember_pkey" PRIMARY KEY ("groupId","userId")
);

-- CreateTable
CREATE TABLE "ApprovalDelegation" (
    "id" TEXT NOT NULL,
    "fromUserId" TEXT NOT NULL,
    "toUserId" TEXT NOT NULL,
    "approvalId" TEXT,
    "startsAt" TIMESTAMP(3),
    "endsAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApprovalDelegation_pkey" PRIMARY KEY ("id")
);

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

-- CreateIndex
CREATE INDEX "ApprovalDecision_onBehalfOfId_idx" ON "ApprovalDecision"("onBehalfOfId");

-- AddForeignKey
ALTER TABLE "ApprovalDecision" ADD CONSTRAINT "ApprovalDecision_onBehalfOfId_fkey" FOREIGN KEY ("onBehalfOfId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalActionToken" ADD CONSTRAINT "ApprovalActionToken_approvalId_fkey" FOREIGN KEY ("approvalId") REFERENCES "Approval"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalActionToken" ADD CONSTRAINT "ApprovalActionToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApproverGroupMember" ADD CONSTRAINT "ApproverGroupMember_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "ApproverGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApproverGroupMember" ADD CONSTRAINT "ApproverGroupMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalDelegation" ADD CONSTRAINT "ApprovalDelegation_fromUserId_fkey" FOREIGN KEY ("fromUserId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalDelegation" ADD CONSTRAINT "ApprovalDelegation_toUserId_fkey" FOREIGN KEY ("toUserId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalDelegation" ADD CONSTRAINT "ApprovalDelegation_approvalId_fkey" FOREIGN KEY ("approvalId") REFERENCES "Approval"("id") ON DELETE CASCADE ON UPDATE CASCADE;

