// GET / PUT / DELETE /api/approver-groups/{name} — one approver group with its members (signed in); edit or delete it (admin)
import { route } from "@/lib/api/handler";
import { deleteGroup, getGroup, updateGroup } from "@/lib/approvals/groups";
import { GroupParams, GroupUpdateInput } from "@/lib/approvals/schemas";

export const GET = route({ access: "user", params: GroupParams }, async ({ params }) => ({
  group: await getGroup(params.name),
}));

export const PUT = route(
  { access: "admin", params: GroupParams, body: GroupUpdateInput },
  async ({ params, body }) => ({
    group: await updateGroup(params.name, body),
  }),
);

export const DELETE = route({ access: "admin", params: GroupParams }, async ({ params }) => {
  await deleteGroup(params.name);
  return new Response(null, { status: 204 });
});
