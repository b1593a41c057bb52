// My profile: how and about what Cadre notifies me.
import { PageHeader } from "@/components/app/page-header";
import { PreferencesForm } from "@/components/notifications/preferences-form";
import { requireUser } from "@/lib/auth/session";

export const metadata = { title: "Profile · Cadre" };

export default async function ProfilePage() {
  await requireUser("/profile");
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader
        title="Profile"
        description="How Cadre tells you about approvals, failed runs and paused schedules."
      />
      <PreferencesForm />
    </div>
  );
}
