// The Runs view: every execution a person may see, across agents, schedules, playbooks, chats and process steps,
// newest first and filtered, paged by an opaque cursor. The filters become one plain-SQL query for the page's ids (the
// text search is the dialect's LIKE/ILIKE); the page's rows are then read with their names and process steps.
import { getAgentForTaskOrThrow } from "@/lib/agents";
import type { Identity } from "@/lib/auth/identity";
import { db, dialect, direct } from "@/lib/db";
import { Prisma } from "@/lib/db/client-types";
import { conflict, fieldError } from "@/lib/errors";
import { type ExecutionRow, toExecutionDto } from "./dto";
import { createExecution, getVisibleExecutionOrThrow } from "./executions";
import type { RunDto, RunFilters, RunPage } from "./schemas";
import { visibleExecutionsSql } from "./visibility";

interface Position {
  createdAt: Date;
  id: string;
}

/** The cursor is the last row's place in the order (createdAt, id), so rows added meanwhile neither repeat nor skip. */
export function encodeRunCursor(p: Position): string {
  return Buffer.from(JSON.stringify([p.createdAt.toISOString(), p.id])).toString("base64url");
}

function decodeRunCursor(cursor: string): Position {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    const createdAt = new Date(String(at));
    if (typeof at === "string" && typeof id === "string" && id !== "" && !Number.isNaN(createdAt.getTime()))
      return { createdAt, id };
  } catch {
    // answered below
  }
  throw fieldError("cursor", "The cursor is not one this list gave out; start again from the first page");
}

function filterSql(f: RunFilters, who: Identity): Prisma.Sql[] {
  const where = [visibleExecutionsSql(who)];
  if (f.agent) where.push(Prisma.sql`e."agentId" IN (SELECT a."id" FROM "Agent" a WHERE a."name" = ${f.agent})`);
  if (f.trigger) where.push(Prisma.sql`e."trigger" = ${f.trigger}`);
  if (f.schedule) where.push(Prisma.sql`e."scheduleId" = ${f.schedule}`);
  if (f.process)
    where.push(Prisma.sql`e."id" IN (SELECT s."executionId" FROM "StepRun" s
      JOIN "ProcessRun" r ON r."id" = s."runId" WHERE r."processId" = ${f.process})`);
  if (f.from) where.push(Prisma.sql`e."createdAt" >= ${new Date(f.from)}`);
  if (f.to) where.push(Prisma.sql`e."createdAt" < ${new Date(f.to)}`);
  if (f.q) {
    const { containsText } = dialect();
    where.push(
      Prisma.sql`(${containsText(Prisma.sql`e."message"`, f.q)} OR ${containsText(Prisma.sql`e."response"`, f.q)})`,
    );
  }
  if (f.retryOf) where.push(Prisma.sql`(e."id" = ${f.retryOf} OR e."retryOfId" = ${f.retryOf})`);
  return where;
}

/**
 * The ids of a page. Several statuses are read as one branch a status, each walking its own part of the (status,
 * createdAt, id) index and stopping at a page, then merged: one `status IN (…)` would read every row of them and sort.
 */
async function pageIds(f: RunFilters, who: Identity, limit: number, after: Position | null): Promise<string[]> {
  const where = filterSql(f, who);
  if (after)
    where.push(
      Prisma.sql`(e."createdAt" < ${after.createdAt} OR (e."createdAt" = ${after.createdAt} AND e."id" < ${after.id}))`,
    );
  const page = (extra: Prisma.Sql[]) => Prisma.sql`
    SELECT e."id", e."createdAt" FROM "Execution" e
    WHERE ${Prisma.join([...where, ...extra], " AND ")}
    ORDER BY e."createdAt" DESC, e."id" DESC
    LIMIT ${limit}`;
  const statuses = f.status ?? [];
  const statement =
    statuses.length <= 1
      ? page(statuses.map((s) => Prisma.sql`e."status" = ${s}`))
      : Prisma.sql`SELECT "id", "createdAt" FROM (${Prisma.join(
          statuses.map(
            (s, i) => Prisma.sql`SELECT * FROM (${page([Prisma.sql`e."status" = ${s}`])}) ${Prisma.raw(`s${i}`)}`,
          ),
          " UNION ALL ",
        )}) merged ORDER BY "createdAt" DESC, "id" DESC LIMIT ${limit}`;
  const rows = await direct.query<{ id: string }>(statement);
  return rows.map((r) => r.id);
}

/** The executions with their schedule's name and the process step each ran for, in the order of `ids`. */
async function readRuns(ids: string[]): Promise<RunDto[]> {
  if (ids.length === 0) return [];
  const [rows, steps] = await Promise.all([
    db.execution.findMany({
      where: { id: { in: ids } },
      include: { agent: { select: { name: true } }, schedule: { select: { name: true } } },
    }),
    db.stepRun.findMany({
      where: { executionId: { in: ids } },
      select: { executionId: true, stepId: true, run: { select: { id: true, processId: true, processName: true } } },
    }),
  ]);
  const stepOf = new Map(steps.map((s) => [s.executionId, s]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return []; // removed between the two reads
    const step = stepOf.get(id);
    return [
      {
        ...toExecutionDto(row),
        scheduleName: row.schedule?.name ?? null,
        process: step
          ? {
              runId: step.run.id,
              processId: step.run.processId,
              processName: step.run.processName,
              stepId: step.stepId,
            }
          : null,
      },
    ];
  });
}

/** One page of the runs `who` may see, newest first; `nextCursor` is null on the last page. */
export async function listRuns(f: RunFilters & { limit: number; cursor?: string }, who: Identity): Promise<RunPage> {
  const after = f.cursor ? decodeRunCursor(f.cursor) : null;
  const ids = await pageIds(f, who, f.limit + 1, after);
  const runs = await readRuns(ids.slice(0, f.limit));
  const last = runs[runs.length - 1];
  const more = ids.length > f.limit && last !== undefined;
  return { runs, nextCursor: more ? encodeRunCursor({ createdAt: new Date(last.createdAt), id: last.id }) : null };
}

const EXPORT_PAGE = 500;

/** Up to `cap` runs of the filtered list, read a page at a time; `truncated` when there were more. */
export async function exportRuns(
  f: RunFilters,
  who: Identity,
  cap: number,
): Promise<{ runs: RunDto[]; truncated: boolean }> {
  const runs: RunDto[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await listRuns({ ...f, limit: Math.min(EXPORT_PAGE, cap + 1 - runs.length), cursor }, who);
    runs.push(...page.runs);
    if (runs.length > cap) return { runs: runs.slice(0, cap), truncated: true };
    if (!page.nextCursor) return { runs, truncated: false };
    cursor = page.nextCursor;
  }
}

/**
 * Runs an execution again: a new one with the same message, model and agent, started by `who` (trigger manual), on
 * the same terms as running a task on that agent. A chat turn is refused: it belongs to its conversation, and its
 * message means something only there; send it again in the chat.
 */
export async function rerunExecution(id: string, who: Identity): Promise<ExecutionRow> {
  const first = await getVisibleExecutionOrThrow(id, who);
  if (first.trigger === "chat")
    throw conflict("A chat message is run again from its chat: send it there once more", { trigger: "chat" });
  const agent = await getAgentForTaskOrThrow(first.agent.name);
  const { execution } = await createExecution({
    agent,
    message: first.message,
    model: first.model,
    trigger: "manual",
    createdById: who.userId,
  });
  return execution;
}
