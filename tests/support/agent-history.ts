// A long history for an agent, written straight into the database with multi-row inserts (tests and benchmarks of
// deleting an agent): executions of every kind — chat turns in conversations, schedule slots, retries pointing at the
// attempt before, manual runs — plus the conversations, schedules and a skill assignment they belong to.
import crypto from "node:crypto";
import type { Db } from "@/lib/db";

export interface AgentHistory {
  executions: number;
  conversationIds: string[];
  scheduleIds: string[];
  /** a few execution ids, to read them back */
  sampleExecutionIds: string[];
}

export interface HistoryOptions {
  executions: number;
  conversations?: number;
  schedules?: number;
  /** rows per INSERT */
  chunk?: number;
}

const STATUSES = ["succeeded", "succeeded", "succeeded", "failed", "cancelled", "timed_out", "skipped", "queued"];

export async function seedAgentHistory(
  db: Db,
  agent: { id: string; ownerId: string },
  opts: HistoryOptions,
): Promise<AgentHistory> {
  const tag = crypto.randomBytes(4).toString("hex");
  const chunk = opts.chunk ?? 1_000;
  const now = Date.now();

  const scheduleIds: string[] = [];
  for (let i = 0; i < (opts.schedules ?? 2); i++) {
    const row = await db.schedule.create({
      data: {
        agentId: agent.id,
        name: `history-${tag}-${i}`,
        cron: "0 3 * * *",
        message: "nightly",
        createdById: agent.ownerId,
      },
      select: { id: true },
    });
    scheduleIds.push(row.id);
  }
  const conversationIds = Array.from({ length: opts.conversations ?? 20 }, (_, i) => `conv${tag}${i}`);
  if (conversationIds.length > 0) {
    await db.conversation.createMany({
      data: conversationIds.map((id) => ({ id, agentId: agent.id, userId: agent.ownerId })),
    });
  }
  const skill = await db.skill.upsert({
    where: { name: `history-${tag}` },
    create: { name: `history-${tag}`, content: "---\nname: history\n---\nbody" },
    update: {},
    select: { id: true },
  });
  await db.agentSkill.create({ data: { agentId: agent.id, skillId: skill.id } });

  const id = (i: number) => `ex${tag}${i.toString(36).padStart(5, "0")}`;
  for (let start = 0; start < opts.executions; start += chunk) {
    const rows = [];
    for (let i = start; i < Math.min(opts.executions, start + chunk); i++) {
      const kind = i % 10;
      const createdAt = new Date(now - (opts.executions - i) * 60_000);
      const finished = STATUSES[i % STATUSES.length] !== "queued";
      rows.push({
        id: id(i),
        agentId: agent.id,
        trigger: kind < 3 ? "chat" : kind < 6 ? "schedule" : kind === 6 ? "retry" : "api",
        status: STATUSES[i % STATUSES.length],
        message: `task ${i}: summarise the overnight reports and list what changed`,
        response: finished ? `done ${i}: ${"the reports show nothing unusual. ".repeat(8)}` : null,
        createdById: agent.ownerId,
        conversationId: kind < 3 && conversationIds.length > 0 ? conversationIds[i % conversationIds.length] : null,
        // Slot runs carry their slot; the unique (scheduleId, scheduledFor, attempt) holds since each i is its own slot.
        scheduleId: kind >= 3 && kind < 7 && scheduleIds.length > 0 ? scheduleIds[i % scheduleIds.length] : null,
        scheduledFor: kind >= 3 && kind < 7 ? createdAt : null,
        attempt: kind === 6 ? 2 : 1,
        retryOfId: kind === 6 && i > 0 ? id(i - 1) : null,
        createdAt,
        startedAt: finished ? createdAt : null,
        finishedAt: finished ? new Date(createdAt.getTime() + 5_000) : null,
        durationMs: finished ? 5_000 : null,
      });
    }
    await db.execution.createMany({ data: rows });
  }
  return {
    executions: opts.executions,
    conversationIds,
    scheduleIds,
    sampleExecutionIds: [0, 1, 6, 7, opts.executions - 1].filter((i) => i >= 0 && i < opts.executions).map(id),
  };
}

/** What is left of an agent's rows, by table. */
export async function remainingRows(db: Db, agentId: string) {
  const [agent, executions, conversations, schedules, skills] = await Promise.all([
    db.agent.count({ where: { id: agentId } }),
    db.execution.count({ where: { agentId } }),
    db.conversation.count({ where: { agentId } }),
    db.schedule.count({ where: { agentId } }),
    db.agentSkill.count({ where: { agentId } }),
  ]);
  return { agent, executions, conversations, schedules, skills };
}
