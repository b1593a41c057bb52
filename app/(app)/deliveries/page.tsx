// The delivery log (admins): emails, Slack messages and webhook calls, each attempt, and Redeliver.
import { PageHeader } from "@/components/app/page-header";
import { ForbiddenNotice } from "@/components/auth/forbidden-notice";
import { DeliveriesLog } from "@/components/notifications/deliveries-log";
import { isAdmin } from "@/lib/auth/identity";
import { requireUser } from "@/lib/auth/session";

export const metadata = { title: "Deliveries · Cadre" };

export default async function DeliveriesPage() {
  const who = await requireUser("/deliveries");
  return (
    <div className="space-y-6">
      <PageHeader
        title="Deliveries"
        description="Every notification sent or being sent: its state, each attempt with the answer it got, and Redeliver."
      />
      {isAdmin(who) ? <DeliveriesLog /> : <ForbiddenNotice what="the delivery log" />}
    </div>
  );
}
