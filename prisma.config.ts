// Prisma CLI configuration. DATABASE_URL picks the provider: `postgres://…` (or `postgresql://…`) uses
// prisma/postgres, anything else the SQLite file of prisma/sqlite. The CLI runs on the JavaScript engine with a
// driver adapter, so it never needs the native engines (which it would otherwise try to download).
import fs from "node:fs";
import path from "node:path";

// The CLI checks for engine files before it reads `engine: "js"`; pointing it at any existing file
// stops that download attempt.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve("package.json");
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= path.resolve("package.json");
process.env.DATABASE_URL ??= "file:./data/cadre.db";

import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

const url = process.env.DATABASE_URL;
const postgres = /^postgres(ql)?:\/\//i.test(url);
const folder = postgres ? "postgres" : "sqlite";

function sqliteFile(value: string): string {
  const file = path.resolve(value.replace(/^file:/, ""));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return file;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", folder, "schema.prisma"),
  migrations: { path: path.join("prisma", folder, "migrations") },
  adapter: async () =>
    postgres ? new PrismaPg({ connectionString: url }) : new PrismaBetterSQLite3({ url: sqliteFile(url) }),
});
