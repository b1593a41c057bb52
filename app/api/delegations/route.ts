// GET / POST /api/delegations — the delegations you gave and received; hand all your approvals for a period to someone
import { json, route } from "@/lib/api/handler";
import { createDelegation, listDelegations } from "@/lib/approvals/delegations";
import { DelegationCreateInput } from "@/lib/approvals/schemas";

export const GET = route({ access: "user" }, async ({ who }) => listDelegations(who));

export const POST = route({ access: "user", body: DelegationCreateInput }, async ({ body, who }) =>
  json({ delegation: await createDelegation(body, who) }, 201),
);
