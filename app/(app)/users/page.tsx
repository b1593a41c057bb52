// Users (admins): add, change role, reset password, remove; and the approver groups they form.

import { PageHeader } from "@/components/app/page-header";
import { ForbiddenNotice } from "@/components/auth/forbidden-notice";
import { ApproverGroupsAdmin } from "@/components/people/approver-groups-admin";
import { UsersAdmin } from "@/components/people/users-admin";
import { isAdmin } from "@/lib/auth/identity";
import { requireUser } from "@/lib/auth/session";

export const metadata = { title: "Users · Cadre" };

export default async function UsersPage() {
  const who = await requireUser("/users");
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <PageHeader
        title="Users"
        description="Everyone who can sign in to Cadre. Admins also manage people and settings."
      />
      {isAdmin(who) ? (
        <>
          <UsersAdmin currentUserId={who.userId} />
          <ApproverGroupsAdmin />
        </>
      ) : (
        <ForbiddenNotice what="people" />
      )}
    </div>
  );
}
