// Runners (admins): every worker process, what it runs, whether it is alive, and what its parts report.

import { PageHeader } from "@/components/app/page-header";
import { ForbiddenNotice } from "@/components/auth/forbidden-notice";
import { RunnersAdmin } from "@/components/runners/runners-admin";
import { isAdmin } from "@/lib/auth/identity";
import { requireUser } from "@/lib/auth/session";

export const metadata = { title: "Runners · Cadre" };

export default async function RunnersPage() {
  const who = await requireUser("/runners");
  return (
    <div className="space-y-6">
      <PageHeader
        title="Runners"
        description="The worker processes: where each runs, its parts (scheduler, process engine, runner, sockets), its last heartbeat."
      />
      {isAdmin(who) ? <RunnersAdmin /> : <ForbiddenNotice what="runners" />}
    </div>
  );
}
