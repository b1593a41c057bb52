// Execution rows through plain SQL (lib/db/sql.ts), for the statements every task makes: the same ExecutionRow the
// client reads with executionInclude (the row and its agent's name).
import type { Sql } from "../db";
import { Prisma, type Execution } from "../db/client-types";
import type { ExecutionRow } from "./dto";

type Flat = Execution & { agentName: string };

export const withAgentName = ({ agentName, ...row }: Flat): ExecutionRow => ({ ...row, agent: { name: agentName } });

/** The executions `ids` with their agents' names, oldest first. */
export async function executionRows(tx: Sql, ids: string[]): Promise<ExecutionRow[]> {
  if (ids.length === 0) return [];
  const rows = await tx.query<Flat>(Prisma.sql`
    SELECT e.*, a."name" AS "agentName" FROM "Execution" e JOIN "Agent" a ON a."id" = e."agentId"
    WHERE e."id" IN (${Prisma.join(ids)})
    ORDER BY e."createdAt", e."id"`);
  return rows.map(withAgentName);
}
