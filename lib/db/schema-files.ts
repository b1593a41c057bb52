// The two database schemas are made from one source (prisma/models.prisma): the same models under a header that
// names the provider and the folder of its generated client. Prisma cannot switch providers by configuration, so
// each provider has its own schema file, client and migrations folder; only the header tells them apart.
import fs from "node:fs";
import path from "node:path";

export const PROVIDERS = ["sqlite", "postgresql"] as const;
export type Provider = (typeof PROVIDERS)[number];

/** The folder under prisma/ that holds a provider's schema and migrations. */
export const PROVIDER_FOLDER: Record<Provider, string> = { sqlite: "sqlite", postgresql: "postgres" };

const SOURCE_HEADER_END = /^\/\/ ---- /m;

function header(provider: Provider): string {
  const folder = PROVIDER_FOLDER[provider];
  return `// Written by scripts/prisma-schemas.ts from prisma/models.prisma — edit that file, then run npm run prisma:schemas.

generator client {
  provider     = "prisma-client"
  engineType   = "client"
  output       = "../../lib/db/generated/${folder}"
  moduleFormat = "esm"
}

datasource db {
  provider = "${provider}"
  url      = env("DATABASE_URL")
}

`;
}

/** The schema file a provider gets from the source text. */
export function schemaFor(provider: Provider, source: string): string {
  const start = source.search(SOURCE_HEADER_END);
  if (start < 0) throw new Error('prisma/models.prisma must start its models with a "// ---- " section line');
  return header(provider) + source.slice(start);
}

export function schemaPath(root: string, provider: Provider): string {
  return path.join(root, "prisma", PROVIDER_FOLDER[provider], "schema.prisma");
}

export function readSource(root: string): string {
  return fs.readFileSync(path.join(root, "prisma", "models.prisma"), "utf8");
}
