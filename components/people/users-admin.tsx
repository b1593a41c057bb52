"use client";
// The people screen (admins): everyone with access, and a form to add someone.
import { ErrorNotice, LoadingBlock } from "@/components/app/states";
import { AddUserForm } from "./add-user-form";
import { useUsers } from "./use-users";
import { UserRow } from "./user-row";

export function UsersAdmin({ currentUserId }: { currentUserId: string }) {
  const users = useUsers();
  return (
    <div className="space-y-6">
      <section aria-labelledby="people-heading" className="rounded-lg border border-slate-200 bg-white">
        <h2 id="people-heading" className="border-b border-slate-200 px-4 py-3 text-base font-semibold">
          Users {users.data ? <span className="text-slate-600">({users.data.length})</span> : null}
        </h2>
        {users.isPending ? (
          <div className="p-4">
            <LoadingBlock />
          </div>
        ) : null}
        {users.error ? (
          <div className="p-4">
            <ErrorNotice error={users.error} retry={() => users.refetch()} />
          </div>
        ) : null}
        {users.data ? (
          <ul className="divide-y divide-slate-200">
            {users.data.map((u) => (
              <UserRow key={u.id} user={u} isSelf={u.id === currentUserId} />
            ))}
          </ul>
        ) : null}
      </section>
      <AddUserForm />
    </div>
  );
}
