// Schedules: every schedule across agents, a timeline of their next runs, and the minutes where they collide.

import { PageHeader } from "@/components/app/page-header";
import { SchedulesOverview } from "@/components/schedules/schedules-overview";
import { requireUser } from "@/lib/auth/session";

export const metadata = { title: "Schedules · Cadre" };

export default async function SchedulesPage() {
  await requireUser("/schedules");
  return (
    <div className="space-y-6">
      <PageHeader
        title="Schedules"
        description="Every agent's schedules: when each runs next, how the last run went, and which runs fall in the same minute."
      />
      <SchedulesOverview />
    </div>
  );
}
