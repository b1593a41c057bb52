// GET / POST /api/approver-groups — the approver groups (signed in); create one (admin)
import { json, route } from "@/lib/api/handler";
import { createGroup, listGroups } from "@/lib/approvals/groups";
import { GroupCreateInput } from "@/lib/approvals/schemas";
import { auditActor } from "@/lib/audit";

export const GET = route({ access: "user" }, async () => ({ groups: await listGroups() }));

export const POST = route({ access: "admin", body: GroupCreateInput }, async ({ body, who }) =>
  json({ group: await createGroup(body, auditActor(who)) }, 201),
);
