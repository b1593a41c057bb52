// One line on the scheduler: does a live worker run it, how many schedules it armed, when it last fired.

import { Badge } from "@/components/app/badge";
import { Time } from "@/components/app/time";
import type { SchedulerStatusDto } from "@/lib/runners/schemas";

export function SchedulerSummary({ status, clockOffsetMs }: { status: SchedulerStatusDto; clockOffsetMs: number }) {
  const facts: [string, React.ReactNode][] = [
    [
      "Scheduler",
      status.running ? (
        <Badge
          tone="emerald"
          dot
        >{`Running on ${status.schedulers} worker${status.schedulers === 1 ? "" : "s"}`}</Badge>
      ) : (
        <Badge tone="rose" dot>
          Not running: schedules do not fire
        </Badge>
      ),
    ],
    ["Armed", status.armedJobs === null ? "—" : `${status.armedJobs} of ${status.enabledSchedules} enabled schedules`],
    ["Last fire", <Time at={status.lastFireAt} past clockOffsetMs={clockOffsetMs} />],
  ];
  return (
    <section aria-labelledby="scheduler-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="scheduler-heading" className="sr-only">
        Scheduler
      </h2>
      <dl className="flex flex-wrap gap-x-8 gap-y-2 text-sm">
        {facts.map(([label, value]) => (
          <div key={label} className="flex items-center gap-2">
            <dt className="text-slate-600">{label}</dt>
            <dd className="text-slate-800">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
