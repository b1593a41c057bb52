// Who may see an execution. Chat turns are private: only the conversation's author and admins see them, on every
// route, list and live event. A chat turn whose conversation is gone (its author was removed) stays with admins.
import type { Identity } from "@/lib/auth/identity";
import { Prisma } from "@/lib/db/client-types";

export const CHAT_TRIGGER = "chat";

/** The filter that keeps others' chat turns out of a query, so a page of a list is still a full page. */
export function visibleExecutionsWhere(who: Pick<Identity, "userId" | "role">): Prisma.ExecutionWhereInput {
  // A deleted agent's executions are gone for every reader at once; a worker removes the rows later (lib/agents/purge.ts).
  const live: Prisma.ExecutionWhereInput = { agent: { is: { deletedAt: null } } };
  if (who.role === "admin") return live;
  return { ...live, OR: [{ trigger: { not: CHAT_TRIGGER } }, { conversation: { is: { userId: who.userId } } }] };
}

export const isPrivateExecution = (e: { trigger: string }) => e.trigger === CHAT_TRIGGER;

/**
 * visibleExecutionsWhere as SQL, for the plain-SQL list of every run (lib/executions/runs.ts), with the execution as
 * `e`: the same rule, kept next to it so the two change together.
 */
export function visibleExecutionsSql(who: Pick<Identity, "userId" | "role">): Prisma.Sql {
  // A subquery, not a join: the planner then walks the executions in the list's order by its index and stops at a
  // page, instead of reading every agent's executions and sorting them.
  const live = Prisma.sql`EXISTS (SELECT 1 FROM "Agent" a WHERE a."id" = e."agentId" AND a."deletedAt" IS NULL)`;
  if (who.role === "admin") return live;
  return Prisma.sql`${live} AND (e."trigger" <> ${CHAT_TRIGGER} OR EXISTS (
    SELECT 1 FROM "Conversation" c WHERE c."id" = e."conversationId" AND c."userId" = ${who.userId}))`;
}
