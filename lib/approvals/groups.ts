// Approver groups: a name defined once (admins) and used in a step's approvers as `group:<name>`. Members are read
// when someone decides or opens their inbox, so a member added later may decide approvals already waiting.
import { type AuditActor, auditWrite, changedFields } from "@/lib/audit";
import { db, type Tx } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { conflict, fieldError, notFound } from "@/lib/errors";
import type { ApproverGroupDto, GroupCreateInput, GroupUpdateInput } from "./schemas";

const MAX_GROUPS_LISTED = 500;

const groupInclude = {
  members: { select: { user: { select: { id: true, name: true, email: true } } } },
} as const;

type GroupRow = {
  name: string;
  description: string;
  createdAt: Date;
  updatedAt: Date;
  members: { user: { id: string; name: string; email: string } }[];
};

function toGroupDto(row: GroupRow): ApproverGroupDto {
  return {
    name: row.name,
    description: row.description,
    members: row.members.map((m) => m.user).sort((a, b) => a.email.localeCompare(b.email)),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The users with these emails; a 400 naming the first email that is nobody's. */
async function memberIds(tx: Tx, emails: string[]): Promise<string[]> {
  const unique = [...new Set(emails)];
  const users = await tx.user.findMany({ where: { email: { in: unique } }, select: { id: true, email: true } });
  const byEmail = new Map(users.map((u) => [u.email.toLowerCase(), u.id]));
  const missing = emails.findIndex((e) => !byEmail.has(e));
  if (missing >= 0) throw fieldError(`members[${missing}]`, `No user has the email ${emails[missing]}`);
  return unique.map((e) => byEmail.get(e)!);
}

export async function listGroups(): Promise<ApproverGroupDto[]> {
  const rows = await db.approverGroup.findMany({
    orderBy: { name: "asc" },
    take: MAX_GROUPS_LISTED,
    include: groupInclude,
  });
  return rows.map(toGroupDto);
}

export async function getGroup(name: string, tx: Tx = db): Promise<ApproverGroupDto> {
  const row = await tx.approverGroup.findUnique({ where: { name }, include: groupInclude });
  if (!row) throw notFound(`Approver group "${name}"`);
  return toGroupDto(row);
}

/** What the audit log keeps of a group: its description and its members' emails. */
const auditedGroup = (g: ApproverGroupDto) => ({ description: g.description, members: g.members.map((m) => m.email) });

export async function createGroup(input: GroupCreateInput, actor: AuditActor): Promise<ApproverGroupDto> {
  try {
    return await db.$transaction(async (tx) => {
      const ids = await memberIds(tx, input.members);
      await tx.approverGroup.create({
        data: {
          name: input.name,
          description: input.description ?? "",
          members: { create: ids.map((userId) => ({ userId })) },
        },
      });
      const group = await getGroup(input.name, tx);
      await auditWrite(tx, actor, {
        action: "approver_group.created",
        targetType: "approver_group",
        targetId: group.name,
        targetLabel: group.name,
        after: auditedGroup(group),
      });
      return group;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`An approver group named "${input.name}" already exists`);
    throw err;
  }
}

/** Changes the description and, when given, replaces the members. */
export async function updateGroup(name: string, input: GroupUpdateInput, actor: AuditActor): Promise<ApproverGroupDto> {
  return db.$transaction(async (tx) => {
    const row = await tx.approverGroup.findUnique({ where: { name }, select: { id: true } });
    if (!row) throw notFound(`Approver group "${name}"`);
    const before = await getGroup(name, tx);
    if (input.members) {
      const ids = await memberIds(tx, input.members);
      await tx.approverGroupMember.deleteMany({ where: { groupId: row.id } });
      if (ids.length > 0)
        await tx.approverGroupMember.createMany({ data: ids.map((userId) => ({ groupId: row.id, userId })) });
    }
    await tx.approverGroup.update({
      where: { id: row.id },
      data: { ...(input.description !== undefined ? { description: input.description } : {}), updatedAt: new Date() },
    });
    const after = await getGroup(name, tx);
    await auditWrite(tx, actor, {
      action: "approver_group.updated",
      targetType: "approver_group",
      targetId: name,
      targetLabel: name,
      ...changedFields(auditedGroup(before), auditedGroup(after)),
    });
    return after;
  });
}

/** Deletes the group; approvals naming it then have no members of it (an admin or another approver decides). */
export async function deleteGroup(name: string, actor: AuditActor): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await getGroup(name, tx);
    const { count } = await tx.approverGroup.deleteMany({ where: { name } });
    if (count === 0) throw notFound(`Approver group "${name}"`);
    await auditWrite(tx, actor, {
      action: "approver_group.deleted",
      targetType: "approver_group",
      targetId: name,
      targetLabel: name,
      before: auditedGroup(before),
    });
  });
}
