"use client";
// Approver groups (admins): a name used in a step's approvers as `group:<name>`, and its members by email. Changes
// count from the next decision on, also for approvals already waiting.
import { useState } from "react";
import { buttonClass } from "@/components/app/button";
import { DeleteButton } from "@/components/app/delete-button";
import { Field, inputClass } from "@/components/app/field";
import { ErrorNotice, LoadingBlock } from "@/components/app/states";
import type { ApproverGroupDto } from "@/lib/approvals/schemas";
import { formErrors } from "@/lib/client/api";
import {
  useApproverGroups,
  useCreateApproverGroup,
  useDeleteApproverGroup,
  useUpdateApproverGroup,
} from "@/lib/client/approver-groups";

/** "a@x, b@x\nc@x" → the emails, trimmed, empty ones left out. */
const emailsOf = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((e) => e.trim())
    .filter(Boolean);

/** The API names a member by its index ("members[2]"); the form has one field for all of them. */
const membersField = (f: string) =>
  f.startsWith("members") ? ("members" as const) : f === "name" ? "name" : undefined;

function NewGroupForm() {
  const create = useCreateApproverGroup();
  const [name, setName] = useState("");
  const [members, setMembers] = useState("");
  const failed = formErrors(create.error, ["name", "members"] as const, membersField);
  return (
    <form
      aria-label="New approver group"
      className="grid gap-3 sm:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(
          { name: name.trim(), members: emailsOf(members) },
          {
            onSuccess: () => {
              setName("");
              setMembers("");
            },
          },
        );
      }}
    >
      <Field
        id="group-name"
        label="Group name"
        error={failed.fields.name}
        hint="Used as group:<name>, e.g. release-managers"
      >
        <input className={inputClass} required value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field
        id="group-members"
        label="Members (emails)"
        error={failed.fields.members}
        hint="Separated by commas or lines"
      >
        <textarea className={inputClass} rows={2} value={members} onChange={(e) => setMembers(e.target.value)} />
      </Field>
      {failed.general && (
        <p role="alert" className="text-sm text-rose-700 sm:col-span-2">
          {failed.general}
        </p>
      )}
      <div className="sm:col-span-2">
        <button type="submit" className={buttonClass("primary", "sm")} disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create group"}
        </button>
      </div>
    </form>
  );
}

function GroupRow({ group }: { group: ApproverGroupDto }) {
  const update = useUpdateApproverGroup();
  const remove = useDeleteApproverGroup();
  const [editing, setEditing] = useState(false);
  const [members, setMembers] = useState("");
  const failed = formErrors(update.error, ["members"] as const, membersField);
  const fieldId = `group-${group.name}-members`;
  return (
    <li className="space-y-2 rounded-md border border-slate-200 bg-white px-3 py-2 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono font-medium text-slate-900">group:{group.name}</span>
        <span className="text-slate-600">
          {group.members.length === 0 ? "no members" : group.members.map((m) => m.email).join(", ")}
        </span>
        <span className="ml-auto flex gap-1">
          <button
            type="button"
            className={buttonClass("secondary", "sm")}
            aria-label={`Edit the members of ${group.name}`}
            onClick={() => {
              setMembers(group.members.map((m) => m.email).join("\n"));
              setEditing(true);
            }}
          >
            Edit
          </button>
          <DeleteButton
            what="approver group"
            name={group.name}
            mutation={remove}
            onConfirm={(close) => remove.mutate(group.name, { onSuccess: close })}
          >
            Steps naming group:{group.name} will then have no one from it to decide.
          </DeleteButton>
        </span>
      </div>
      {editing && (
        <form
          aria-label={`Members of ${group.name}`}
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate({ name: group.name, members: emailsOf(members) }, { onSuccess: () => setEditing(false) });
          }}
        >
          <Field id={fieldId} label="Members (emails)" error={failed.fields.members ?? failed.general ?? undefined}>
            <textarea className={inputClass} rows={3} value={members} onChange={(e) => setMembers(e.target.value)} />
          </Field>
          <div className="flex gap-2">
            <button type="submit" className={buttonClass("primary", "sm")} disabled={update.isPending}>
              Save
            </button>
            <button type="button" className={buttonClass("secondary", "sm")} onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </li>
  );
}

export function ApproverGroupsAdmin() {
  const groups = useApproverGroups();
  return (
    <section aria-labelledby="approver-groups-heading" className="space-y-4">
      <div>
        <h2 id="approver-groups-heading" className="text-lg font-semibold text-slate-900">
          Approver groups
        </h2>
        <p className="text-sm text-slate-600">
          Name a group once and use it in a process step as <code>approvers: [group:release-managers]</code>. Members
          are read when someone decides.
        </p>
      </div>
      <NewGroupForm />
      {groups.isPending ? (
        <LoadingBlock label="Loading approver groups…" />
      ) : groups.isError ? (
        <ErrorNotice title="Could not load approver groups" error={groups.error} retry={() => groups.refetch()} />
      ) : groups.data.length === 0 ? (
        <p className="text-sm text-slate-600">No groups yet.</p>
      ) : (
        <ul className="space-y-2">
          {groups.data.map((g) => (
            <GroupRow key={g.name} group={g} />
          ))}
        </ul>
      )}
    </section>
  );
}
