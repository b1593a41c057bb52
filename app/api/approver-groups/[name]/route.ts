// GET / PUT / DELETE /api/approver-groups/{name} — one approver group with its members (signed in); edit or delete it (admin)
import { route } from "@/lib/api/handler";
import { deleteGroup, getGroup, updateGroup } from "@/lib/approvals/groups";
import { GroupParams, GroupUpdateInput } from "@/lib/approvals/schemas";
import { auditActor } from "@/lib/audit";

export const GET = route({ access: "user", params: GroupParams }, async ({ params }) => ({
  group: await getGroup(params.name),
}));

export const PUT = route(
  { access: "admin", params: GroupParams, body: GroupUpdateInput },
  async ({ params, body, who }) => ({
    group: await updateGroup(params.name, body, auditActor(who)),
  }),
);

export const DELETE = route({ access: "admin", params: GroupParams }, async ({ params, who }) => {
  await deleteGroup(params.name, auditActor(who));
  return new Response(null, { status: 204 });
});
