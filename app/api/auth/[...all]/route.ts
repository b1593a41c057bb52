// POST /api/auth/sign-in/email, POST /api/auth/sign-out, GET /api/auth/get-session — better-auth's endpoints that the
// pages use; every other better-auth endpoint stays off the HTTP surface (the server calls auth.api directly).
import { toNextJsHandler } from "better-auth/next-js";
import { errorResponse, guardBrowserRequest } from "@/lib/api/handler";
import { getAuth } from "@/lib/auth/auth";
import { AppError } from "@/lib/errors";

const EXPOSED: Record<string, "GET" | "POST"> = {
  "/api/auth/sign-in/email": "POST",
  "/api/auth/sign-out": "POST",
  "/api/auth/get-session": "GET",
};

let handler: ReturnType<typeof toNextJsHandler> | undefined;

async function guarded(req: Request): Promise<Response> {
  try {
    const method = EXPOSED[new URL(req.url).pathname];
    if (!method) throw new AppError("not_found", "No such authentication endpoint");
    if (method !== req.method) {
      throw new AppError("method_not_allowed", `Use ${method} for this endpoint`, [
        { field: "method", message: `allowed: ${method}` },
      ]);
    }
    const checked = await guardBrowserRequest(req);
    handler ??= toNextJsHandler(getAuth());
    return await (method === "GET" ? handler.GET(checked) : handler.POST(checked));
  } catch (err) {
    return errorResponse(err);
  }
}

export const GET = guarded;
export const POST = guarded;
export const PUT = guarded;
export const PATCH = guarded;
export const DELETE = guarded;
