"use client";
// One person in the list: change role, set a new password, remove (after a confirmation).
import { type FormEvent, useState } from "react";
import { ConfirmDialog } from "@/components/app/confirm-dialog";
import { errorMessage } from "@/lib/client/api";
import { Button, FormAlert, fieldErrorOf, TextField } from "./form-controls";
import { RoleSelect } from "./role-select";
import { type UserItem, useRemoveUser, useSetPassword, useUpdateUser } from "./use-users";

export function UserRow({ user, isSelf }: { user: UserItem; isSelf: boolean }) {
  const update = useUpdateUser();
  const setPassword = useSetPassword();
  const remove = useRemoveUser();
  const [editingPassword, setEditingPassword] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [password, setPasswordValue] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const passwordError = fieldErrorOf(setPassword.error)("password");
  const failure = update.error ?? (passwordError ? null : setPassword.error);

  function onPassword(e: FormEvent) {
    e.preventDefault();
    setNotice(null);
    setPassword.mutate(
      { id: user.id, password },
      {
        onSuccess: () => {
          setEditingPassword(false);
          setPasswordValue("");
          setNotice("Password changed; their browser sessions were ended and their API tokens revoked.");
        },
      },
    );
  }

  return (
    <li className="space-y-3 px-4 py-3">
      <div className="flex flex-wrap items-center gap-3">
        <div className="min-w-0 flex-1">
          <p className="truncate font-medium">
            {user.name} {isSelf ? <span className="text-xs font-normal text-slate-600">(you)</span> : null}
          </p>
          <p className="truncate text-sm text-slate-600">{user.email}</p>
        </div>
        <div className="w-32">
          <RoleSelect
            label={`Role of ${user.email}`}
            hideLabel
            value={user.role}
            disabled={isSelf || update.isPending}
            onChange={(role) => update.mutate({ id: user.id, role })}
          />
        </div>
        <Button
          variant="secondary"
          aria-expanded={editingPassword}
          onClick={() => setEditingPassword(!editingPassword)}
        >
          Reset password
        </Button>
        {!isSelf ? (
          <Button variant="danger" onClick={() => (remove.reset(), setConfirmRemove(true))}>
            Remove
          </Button>
        ) : null}
      </div>
      <FormAlert message={failure ? errorMessage(failure) : null} />
      {notice ? (
        <p role="status" className="text-sm text-emerald-700">
          {notice}
        </p>
      ) : null}
      {editingPassword ? (
        <form onSubmit={onPassword} className="flex flex-wrap items-end gap-2" noValidate>
          <TextField
            label={`New password for ${user.email}`}
            type="password"
            autoComplete="new-password"
            minLength={8}
            required
            value={password}
            onChange={(e) => setPasswordValue(e.target.value)}
            error={passwordError}
            className="min-w-64 flex-1"
          />
          <Button type="submit" disabled={setPassword.isPending}>
            Set password
          </Button>
        </form>
      ) : null}
      <ConfirmDialog
        open={confirmRemove}
        title={`Remove ${user.name}?`}
        confirmLabel="Remove"
        busy={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
        onConfirm={() => remove.mutate(user.id, { onSuccess: () => setConfirmRemove(false) })}
        onClose={() => setConfirmRemove(false)}
      >
        {user.email} can no longer sign in; their sessions and API tokens stop working at once. Agents they own pass to
        you.
      </ConfirmDialog>
    </li>
  );
}
