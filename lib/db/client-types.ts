// The Prisma client's types, from the SQLite client: both providers' clients are generated from the same models
// (prisma/models.prisma), so their query API is the same; the PostgreSQL client is used under this type.

export type { PrismaClient } from "./generated/sqlite/client";
export { Prisma } from "./generated/sqlite/client";

import type { PrismaClient } from "./generated/sqlite/client";

export type Db = PrismaClient;
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;
export type { Agent, Execution, Process, Schedule, Skill, SkillSync } from "./generated/sqlite/client";
