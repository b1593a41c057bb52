// At start of the web process: runs left `running` by a process that is gone can never finish, so they are failed;
// queued ones are handed to the executor.
import { db } from "../db";
import { executionInclude } from "./dto";
import { publishExecutionEvent } from "./events";
import { dispatchAgent, runnerId } from "./executor";

export const INTERRUPTED_ERROR = "interrupted: the process running it stopped (server restart or crash)";

export interface RecoveryReport {
  failed: number;
  agentsDispatched: number;
}

/** Assumes one web process runs executions: any running row claimed by another runner id is orphaned. */
export async function recoverInterruptedExecutions(): Promise<RecoveryReport> {
  const orphanWhere = { status: "running", OR: [{ runnerId: null }, { runnerId: { not: runnerId() } }] };
  const orphans = await db.execution.findMany({ where: orphanWhere, select: { id: true } });
  const failed = [];
  for (const { id } of orphans) {
    const { count } = await db.execution.updateMany({
      where: { id, ...orphanWhere },
      data: { status: "failed", error: INTERRUPTED_ERROR, finishedAt: new Date() },
    });
    if (count === 1) failed.push(id);
  }
  for (const id of failed) {
    publishExecutionEvent("execution_finished", await db.execution.findUniqueOrThrow({ where: { id }, include: executionInclude }));
  }
  const agents = await db.execution.findMany({ where: { status: "queued" }, distinct: ["agentId"], select: { agentId: true } });
  await Promise.all(agents.map((a) => dispatchAgent(a.agentId)));
  return { failed: failed.length, agentsDispatched: agents.length };
}
