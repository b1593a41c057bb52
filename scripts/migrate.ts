// `npm run migrate`: brings the database named by DATABASE_URL up to date with the committed migrations. SQLite:
// `prisma migrate deploy` (prisma/sqlite/migrations). PostgreSQL: the same migrations table, applied by
// lib/db/migrate-postgres.ts (prisma/postgres/migrations). npm start and the tests run this.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { z } from "zod";
import { migratePostgres } from "@/lib/db/migrate-postgres";
import { isPostgresUrl } from "@/lib/db/url";

const ROOT = path.resolve(import.meta.dirname, "..");
const env = z.object({ DATABASE_URL: z.string().min(1) }).parse(process.env);

if (isPostgresUrl(env.DATABASE_URL)) {
  const result = await migratePostgres(env.DATABASE_URL, path.join(ROOT, "prisma", "postgres", "migrations"));
  const applied = result.applied.length > 0 ? `applied ${result.applied.join(", ")}` : "no pending migrations";
  console.log(
    JSON.stringify({
      level: "info",
      component: "migrate",
      message: `PostgreSQL: ${applied} (${result.alreadyApplied} applied before)`,
    }),
  );
} else {
  const res = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules/prisma/build/index.js"), "migrate", "deploy"],
    {
      cwd: ROOT,
      env: process.env,
      stdio: "inherit",
    },
  );
  process.exit(res.status ?? 1);
}
