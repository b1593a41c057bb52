// The OpenAPI 3.1 document of Cadre's HTTP API (GET /api/openapi.json), built from the operations in ./operations:
// every request schema is the zod schema the route itself parses with, turned into JSON Schema by zod.
import { type ZodType, z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import { API_OPERATIONS, API_TAGS, type ApiOperation } from "./operations";

/** package.json's version (tests/openapi.test.ts keeps them equal). */
export const CADRE_VERSION = "0.1.0";

export type JsonSchema = Record<string, unknown>;

/** The public error shape, `{ "error": { "code", "message", "details"? } }`, as every 4xx and 5xx answer carries it. */
export const ErrorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string().describe("What went wrong, fit to show a person"),
    details: z
      .unknown()
      .optional()
      .describe(
        "For bad input: a list of `{ field, message }` naming each field that was refused (and a limit where one applies)",
      ),
  }),
});

/** A request input's JSON Schema as the route reads it: fields with a default may be left out. */
export function inputJsonSchema(schema: ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: "input",
    target: "draft-2020-12",
    unrepresentable: "any",
  }) as JsonSchema;
  return rest;
}

function outputJsonSchema(schema: ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: "output",
    target: "draft-2020-12",
  }) as JsonSchema;
  return rest;
}

function parametersOf(schema: ZodType | undefined, where: "path" | "query") {
  if (!schema) return [];
  const json = inputJsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === "path" || required.has(name),
    schema: property,
  }));
}

const errorRef = (name: string) => ({ $ref: `#/components/responses/${name}` });
const errorContent = { "application/json": { schema: { $ref: "#/components/schemas/Error" } } };

function responsesOf(op: ApiOperation): Record<string, unknown> {
  const responses: Record<string, unknown> = {
    [op.ok.status]:
      op.ok.status === 204
        ? { description: op.ok.description }
        : { description: op.ok.description, content: { "application/json": {} } },
  };
  if (op.params || op.query || op.body || op.method !== "GET") responses["400"] = errorRef("BadRequest");
  if (op.access !== "public") responses["401"] = errorRef("Unauthorized");
  if (op.access === "admin" || op.method !== "GET") responses["403"] = errorRef("Forbidden");
  if (op.params) responses["404"] = errorRef("NotFound");
  if (op.conflict) responses["409"] = { description: `Conflict: ${op.conflict}`, content: errorContent };
  if (op.body) {
    responses["413"] = errorRef("PayloadTooLarge");
    responses["415"] = errorRef("UnsupportedMediaType");
  }
  return responses;
}

const ACCESS_NOTE: Record<ApiOperation["access"], string> = {
  public: "No sign-in needed.",
  user: "Any signed-in person (session cookie or API token).",
  admin: "Admins only.",
};

function operationObject(op: ApiOperation) {
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: [op.description, ACCESS_NOTE[op.access]].filter(Boolean).join("\n\n"),
    tags: [op.tag],
    ...(op.access === "public" ? { security: [] } : {}),
    parameters: [...parametersOf(op.params, "path"), ...parametersOf(op.query, "query")],
    ...(op.body
      ? { requestBody: { required: true, content: { "application/json": { schema: inputJsonSchema(op.body) } } } }
      : {}),
    responses: responsesOf(op),
  };
}

const DESCRIPTION = `The HTTP API of this Cadre: everything the pages do, for scripts and other programs.

**Authentication.** Programs send a personal API token, \`Authorization: Bearer cad_…\`, created on the API tokens page
(it acts as its owner, with their role). Browsers use the session cookie set by sign-in; a change made with the cookie
(POST, PUT, PATCH, DELETE) is accepted only from Cadre's own pages (their \`Origin\`).

**Requests.** Bodies are \`application/json\` (415 otherwise), at most 1 MiB (413), nested at most 32 levels. A key a
body or query does not know is refused with a 400 naming it; nothing is written.

**Errors** have one shape everywhere: \`{ "error": { "code": "validation_failed", "message": "…", "details": [{ "field": "name", "message": "…" }] } }\`.
401 is "who are you", 403 "not you", 404 also answers for what the caller may not see, 409 a state change that lost
(already decided, already taken). A database locked elsewhere answers 503 with \`Retry-After\`.`;

function errorResponse(description: string) {
  return { description, content: errorContent };
}

/** The whole document; `serverUrl` is the address people open Cadre at (CADRE_PUBLIC_URL). */
export function buildOpenApiDocument({ serverUrl }: { serverUrl: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of API_OPERATIONS) {
    paths[op.path] ??= {};
    paths[op.path][op.method.toLowerCase()] = operationObject(op);
  }
  return {
    openapi: "3.1.0",
    info: { title: "Cadre API", version: CADRE_VERSION, description: DESCRIPTION },
    servers: [{ url: serverUrl.replace(/\/+$/, ""), description: "This Cadre" }],
    security: [{ apiToken: [] }, { session: [] }],
    tags: API_TAGS.map((t) => ({ ...t })),
    paths,
    components: {
      securitySchemes: {
        apiToken: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "cad_…",
          description: "A personal API token from the API tokens page. It acts as the person who created it.",
        },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "better-auth.session_token",
          description:
            "The browser's session cookie, set by POST /api/auth/sign-in/email (named `__Secure-better-auth.session_token` over https). " +
            "Changes made with it must come from Cadre's own pages.",
        },
      },
      schemas: { Error: outputJsonSchema(ErrorBodySchema) },
      responses: {
        BadRequest: errorResponse(
          "Bad input: `validation_failed` (or `bad_request`) with `details` naming each refused field",
        ),
        Unauthorized: errorResponse("No session and no valid API token"),
        Forbidden: errorResponse("Not allowed for this person, or a cookie-authenticated change from another origin"),
        NotFound: errorResponse("No such thing, or not one the caller may see"),
        PayloadTooLarge: errorResponse("The body is larger than the limit"),
        UnsupportedMediaType: errorResponse("The body is not application/json"),
      },
    },
  };
}
