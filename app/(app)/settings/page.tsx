// Server settings (admins): the Anthropic key and base URL used by Claude Code agents, and the least time between
// two runs of a schedule, and the notification channels (SMTP, Slack, webhooks).

import { PageHeader } from "@/components/app/page-header";
import { ForbiddenNotice } from "@/components/auth/forbidden-notice";
import { ChannelSettingsForm } from "@/components/notifications/channel-settings-form";
import { WebhooksPanel } from "@/components/notifications/webhooks-panel";
import { AnthropicSettingsForm } from "@/components/settings/anthropic-settings-form";
import { AuditSettingsForm } from "@/components/settings/audit-settings-form";
import { ScheduleSettingsForm } from "@/components/settings/schedule-settings-form";
import { isAdmin } from "@/lib/auth/identity";
import { requireUser } from "@/lib/auth/session";

export const metadata = { title: "Settings · Cadre" };

export default async function SettingsPage() {
  const who = await requireUser("/settings");
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader
        title="Settings"
        description="How Cadre reaches Anthropic (the key is never shown again once saved), and how often schedules may run."
      />
      {isAdmin(who) ? (
        <>
          <AnthropicSettingsForm />
          <ScheduleSettingsForm />
          <AuditSettingsForm />
          <ChannelSettingsForm />
          <WebhooksPanel />
        </>
      ) : (
        <ForbiddenNotice what="settings" />
      )}
    </div>
  );
}
