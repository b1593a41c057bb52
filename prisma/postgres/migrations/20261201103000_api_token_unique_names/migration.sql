-- A person's API tokens have distinct names. A token that shares its name with an older token of the same person is
-- renamed "name (2)", "name (3)" … in the order they were made (the oldest keeps its name); where that new name is
-- already one of the person's token names, the token's id goes in the brackets instead. The new names are worked
-- out before any is written, so each check sees the names as they were.

-- RenameDuplicates
CREATE TABLE "_ApiTokenRename" ("id" TEXT NOT NULL PRIMARY KEY, "name" TEXT NOT NULL);

INSERT INTO "_ApiTokenRename" ("id", "name")
SELECT d."id",
  CASE WHEN EXISTS (
    SELECT 1 FROM "ApiToken" t WHERE t."userId" = d."userId" AND t."name" = d."name" || ' (' || CAST(d."n" AS TEXT) || ')'
  ) THEN d."name" || ' (' || d."id" || ')'
  ELSE d."name" || ' (' || CAST(d."n" AS TEXT) || ')' END
FROM (
  SELECT "id", "userId", "name", ROW_NUMBER() OVER (PARTITION BY "userId", "name" ORDER BY "createdAt", "id") AS "n"
  FROM "ApiToken"
) d
WHERE d."n" > 1;

UPDATE "ApiToken" SET "name" = (SELECT r."name" FROM "_ApiTokenRename" r WHERE r."id" = "ApiToken"."id")
WHERE "id" IN (SELECT "id" FROM "_ApiTokenRename");

DROP TABLE "_ApiTokenRename";

-- DropIndex
DROP INDEX "ApiToken_userId_idx";

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_userId_name_key" ON "ApiToken"("userId", "name");
