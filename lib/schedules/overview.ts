// Every schedule a person may see, across agents, with its upcoming runs in a window and the minutes in which runs
// of several schedules fall together. The runs come from the scheduler's slot clock, so they are the ones it fires.
import type { Identity } from "@/lib/auth/identity";
import { db, type Tx } from "@/lib/db";
import type { ExecutionStatus } from "@/lib/executions/schemas";
import { describeCron } from "./cron-spec";
import {
  OVERVIEW_WINDOWS,
  type ScheduleCollision,
  type ScheduleOverviewDto,
  type ScheduleOverviewItem,
  type ScheduleOverviewQuery,
  UPCOMING_CAP,
} from "./overview-schemas";
import { SlotClock } from "./slots";

const overviewInclude = {
  agent: { select: { name: true } },
  executions: {
    orderBy: [{ createdAt: "desc" as const }, { id: "desc" as const }],
    take: 1,
    select: { status: true },
  },
};

/** The next run and the runs in (from, until]; a row that no longer parses (an older version wrote it) has none. */
function runsOf(cron: string, timezone: string, from: Date, until: Date): { next: Date | null; upcoming: Date[] } {
  try {
    const clock = new SlotClock(cron, timezone);
    return { next: clock.next(from), upcoming: clock.between(from, until, UPCOMING_CAP + 1) };
  } catch {
    return { next: null, upcoming: [] };
  }
}

/** Minutes in which two or more schedules run, oldest first. */
function collisionsOf(items: ScheduleOverviewItem[]): ScheduleCollision[] {
  const byMinute = new Map<number, ScheduleCollision["schedules"]>();
  for (const item of items) {
    const minutes = new Set(item.upcoming.map((at) => Math.floor(Date.parse(at) / 60_000)));
    for (const minute of minutes) {
      const list = byMinute.get(minute) ?? [];
      list.push({ id: item.id, agentName: item.agentName, name: item.name });
      byMinute.set(minute, list);
    }
  }
  return [...byMinute]
    .filter(([, list]) => list.length > 1)
    .sort(([a], [b]) => a - b)
    .map(([minute, schedules]) => ({ at: new Date(minute * 60_000).toISOString(), schedules }));
}

// Every signed-in person may read every live agent's schedules (as on the agent's page); `who` keeps the call site
// ready for narrower rules.
export async function getScheduleOverview(
  query: ScheduleOverviewQuery,
  _who: Identity,
  now = new Date(),
  tx: Tx = db,
): Promise<ScheduleOverviewDto> {
  const until = new Date(now.getTime() + OVERVIEW_WINDOWS[query.window]);
  const rows = await tx.schedule.findMany({
    where: { agent: { is: { deletedAt: null } } },
    orderBy: [{ agent: { name: "asc" } }, { name: "asc" }],
    include: overviewInclude,
  });
  const schedules = rows.map((row): ScheduleOverviewItem => {
    const { next, upcoming } = row.enabled ? runsOf(row.cron, row.timezone, now, until) : { next: null, upcoming: [] };
    return {
      id: row.id,
      agentName: row.agent.name,
      name: row.name,
      cron: row.cron,
      cronDescription: describeCron(row.cron),
      timezone: row.timezone,
      enabled: row.enabled,
      nextRunAt: next?.toISOString() ?? null,
      lastRunAt: row.lastRunAt?.toISOString() ?? null,
      lastStatus: (row.executions[0]?.status as ExecutionStatus | undefined) ?? null,
      upcoming: upcoming.slice(0, UPCOMING_CAP).map((d) => d.toISOString()),
      upcomingCapped: upcoming.length > UPCOMING_CAP,
    };
  });
  return {
    window: query.window,
    from: now.toISOString(),
    until: until.toISOString(),
    schedules,
    collisions: collisionsOf(schedules),
  };
}
