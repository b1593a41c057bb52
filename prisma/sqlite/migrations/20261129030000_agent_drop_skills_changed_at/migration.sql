-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Agent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "runtime" TEXT NOT NULL,
    "model" TEXT NOT NULL DEFAULT 'sonnet',
    "command" TEXT,
    "workspaceDir" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'stopped',
    "concurrencyLimit" INTEGER NOT NULL DEFAULT 1,
    "timeoutSeconds" INTEGER NOT NULL DEFAULT 600,
    "ownerId" TEXT NOT NULL,
    "startedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Agent_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Agent" ("command", "concurrencyLimit", "createdAt", "description", "id", "model", "name", "ownerId", "runtime", "startedAt", "status", "timeoutSeconds", "updatedAt", "workspaceDir") SELECT "command", "concurrencyLimit", "createdAt", "description", "id", "model", "name", "ownerId", "runtime", "startedAt", "status", "timeoutSeconds", "updatedAt", "workspaceDir" FROM "Agent";
DROP TABLE "Agent";
ALTER TABLE "new_Agent" RENAME TO "Agent";
CREATE UNIQUE INDEX "Agent_name_key" ON "Agent"("name");
CREATE INDEX "Agent_ownerId_idx" ON "Agent"("ownerId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

