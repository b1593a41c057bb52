"use client";
// The Approvals link of the top bar with the number of approvals waiting for this person, kept live by socket events.
import Link from "next/link";
import { usePendingApprovalCount } from "@/lib/client/approvals";
import { ReminderToast } from "./reminder-toast";
import { useLiveApprovals } from "./use-live-approvals";

interface Props {
  href: string;
  label: string;
  current: boolean;
  className: string;
}

export function ApprovalsNavLink({ href, label, current, className }: Props) {
  const { reminder, dismissReminder } = useLiveApprovals();
  const count = usePendingApprovalCount() ?? 0;
  return (
    <>
      <ReminderToast reminder={reminder} onDismiss={dismissReminder} />
      <Link
        href={href}
        aria-current={current ? "page" : undefined}
        aria-label={count > 0 ? `${label}, ${count} pending` : label}
        className={className}
      >
        {label}
        {count > 0 && (
          <span
            data-testid="approvals-badge"
            aria-hidden
            className="grid min-w-5 place-items-center rounded-full bg-rose-600 px-1.5 text-xs leading-5 font-semibold text-white tabular-nums"
          >
            {count > 99 ? "99+" : count}
          </span>
        )}
      </Link>
    </>
  );
}
