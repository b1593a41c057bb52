// DELETE /api/delegations/{id} — revoke a delegation (who gave it, or an admin)
import { IdParams } from "@/lib/agents/params";
import { route } from "@/lib/api/handler";
import { revokeDelegation } from "@/lib/approvals/delegations";

export const DELETE = route({ access: "user", params: IdParams }, async ({ params, who }) => ({
  delegation: await revokeDelegation(params.id, who),
}));
