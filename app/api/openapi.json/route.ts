// GET /api/openapi.json — the OpenAPI 3.1 document of this API, made from the schemas the routes parse with. Public:
// it describes Cadre, not this installation's data, so tools can read it without a token.
import { route } from "@/lib/api/handler";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { config } from "@/lib/config";

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export const GET = route({ access: "public" }, async () => {
  document ??= buildOpenApiDocument({ serverUrl: config().publicUrl });
  return document;
});
