// Workers armed before a slot every schedule is due at. The schedules are written before the workers start (they arm
// them as at any start), so the slot must be far enough ahead for the workers to start and arm — how far depends on
// the machine and its load. A first try uses the lead given; when the workers were not all up a second before the
// slot, they are stopped, what they wrote removed, and the schedules moved to a new slot with the lead the start took
// plus half of it again, plus 5 s (twice at most).
import { type BenchWeb, startWorkers, type Workers } from "./harness";
import { type BenchAgent, cronAt, type ScenarioContext, secondAfter } from "./scenario";

export interface ArmedSlot {
  slot: Date;
  workers: Workers;
  /** when the workers were started, and how long they took to start and arm */
  startedAt: number;
  startMs: number;
  /** tries it took */
  tries: number;
}

const MARGIN_MS = 1_000;

export async function workersBeforeSlot(
  ctx: ScenarioContext,
  web: BenchWeb,
  agents: BenchAgent[],
  leadMs: number,
  seed: (slot: Date) => Promise<void>,
  workerEnv: Record<string, string> = {},
): Promise<ArmedSlot> {
  const { db } = await import("@/lib/db");
  const ids = agents.map((a) => a.id);
  /** One statement: the schedules' slot, as if they had been made just now (nothing handled yet). */
  const moveTo = (at: Date) =>
    db.schedule.updateMany({
      where: { agentId: { in: ids } },
      data: { cron: cronAt(at), lastSlotAt: null, lastRunAt: null, createdAt: new Date(), version: { increment: 1 } },
    });
  await seed(secondAfter(leadMs));
  // Writing many rows takes a while: the lead counts from now.
  let slot = secondAfter(leadMs);
  await moveTo(slot);
  for (let tries = 1; ; tries++) {
    ctx.progress(`schedules due at ${slot.toISOString()}; starting ${ctx.workers} worker(s)`);
    const t0 = Date.now();
    const workers = await startWorkers(ctx.workers, web, workerEnv);
    const startMs = Date.now() - t0;
    const spare = slot.getTime() - Date.now();
    ctx.progress(`workers started and armed in ${startMs} ms, ${spare} ms before the slot`);
    if (spare >= MARGIN_MS || tries >= 3) return { slot, workers, startedAt: t0, startMs, tries };
    await workers.stop();
    // As if this try had not been: no rows for the slot, no registry rows of these workers.
    await db.execution.deleteMany({ where: { agentId: { in: ids } } });
    await db.runner.deleteMany({});
    slot = secondAfter(Math.round(startMs * 1.5) + 5_000);
    await moveTo(slot);
  }
}
