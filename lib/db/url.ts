// Which database a DATABASE_URL names: PostgreSQL for postgres:// or postgresql://, else a SQLite file.
import path from "node:path";

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

export function sqlitePath(url: string): string {
  return path.resolve(url.replace(/^file:/, ""));
}
