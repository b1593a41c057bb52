// POST /api/approvals/act — decide with a one-click link's token (the confirm page's button); authenticated by the
// token, origin-checked like every browser change. A browser signed in as someone else is refused.

import { errorResponse, requestAddress, route } from "@/lib/api/handler";
import { actOnActionLink } from "@/lib/approvals/action-links";
import { ActInput } from "@/lib/approvals/schemas";
import { identify } from "@/lib/auth/identity";

/** The token must not be cached or sent on as a referrer. */
const PRIVATE_HEADERS = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

export const POST = route({ access: "public", body: ActInput }, async ({ req, body }) => {
  try {
    const result = await actOnActionLink(body.token, await identify(req.headers), requestAddress(req));
    return Response.json(result, { headers: PRIVATE_HEADERS });
  } catch (err) {
    const res = errorResponse(err);
    for (const [k, v] of Object.entries(PRIVATE_HEADERS)) res.headers.set(k, v);
    return res;
  }
});
