// GET /api/me — the signed-in person
import { route } from "@/lib/api/handler";
import { getUserOrThrow } from "@/lib/auth/users";

export const GET = route({ access: "user" }, async ({ who }) => ({
  user: { ...(await getUserOrThrow(who.userId)), via: who.via },
}));
