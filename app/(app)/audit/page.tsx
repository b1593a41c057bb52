// Audit log: who changed what, when and from where. Admins see every entry; others the entries of agents they own.
import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "@/components/app/page-header";
import { LoadingBlock } from "@/components/app/states";
import { AuditView } from "@/components/audit/audit-view";
import { isAdmin } from "@/lib/auth/identity";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Audit log · Cadre" };

export default async function AuditPage() {
  const who = await requireUser("/audit");
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change to schedules, agents, skills, settings, tokens and people, and every approval decision: who, when, from which address, and what changed."
      />
      {/* The filters are read from the address in the browser. */}
      <Suspense fallback={<LoadingBlock label="Loading the audit log…" />}>
        <AuditView isAdmin={isAdmin(who)} />
      </Suspense>
    </>
  );
}
