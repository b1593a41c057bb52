// The API reference, GET /api/openapi.json, against the routes themselves: it is a valid OpenAPI 3.1 document, it has
// every method of every route file under app/api and nothing else (apart from the route methods listed as undocumented,
// with the reason), each operation's input schemas are the very zod schemas its route handler parses with, and the
// error answers have the documented shape.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import test from "node:test";
import { type ZodType, z } from "zod";
import { ROOT, setupTestEnv } from "./support/env";

setupTestEnv("openapi");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { matchApiRoute, scanApiRoutes } = await import("@/lib/api/route-table");
const { routeContract } = await import("@/lib/api/handler");
const { API_OPERATIONS, UNDOCUMENTED } = await import("@/lib/api/operations");
const { CADRE_VERSION, ErrorBodySchema } = await import("@/lib/api/openapi");
const { NewTokenSchema } = await import("@/lib/auth/user-schemas");
const { config } = await import("@/lib/config");
const openapiRoute = await import("@/app/api/openapi.json/route");
const tokensRoute = await import("@/app/api/tokens/route");

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

const answer = await call(openapiRoute, "GET", "/api/openapi.json");
const doc = answer.body;
const routes = scanApiRoutes(ROOT);

/** The document's operations: path, method and the route file that serves it. */
const documented = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([p, item]) =>
  METHODS.filter((m) => item[m]).map((m) => ({
    path: p,
    method: m.toUpperCase(),
    operation: item[m],
    route: matchApiRoute(routes, p),
  })),
);

/** The JSON Schema of a route's input, computed here on its own from the route's zod schema. */
function jsonSchemaOf(schema: ZodType) {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: "input",
    target: "draft-2020-12",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return rest;
}

test("GET /api/openapi.json answers an OpenAPI 3.1 document without sign-in", async () => {
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(doc.openapi, "3.1.0");
  // The same parser the reference page reads the document with (Scalar's), checking it against the OpenAPI 3.1 schema.
  const { validate } = await import("@scalar/openapi-parser");
  const result = await validate(structuredClone(doc));
  assert.deepEqual(result.errors ?? [], [], "the document is valid OpenAPI 3.1");
  assert.equal(result.valid, true);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  assert.equal(
    doc.info.version,
    pkg.version,
    "info.version follows package.json (CADRE_VERSION in lib/api/openapi.ts)",
  );
  assert.equal(CADRE_VERSION, pkg.version);
  assert.equal(doc.servers[0].url, config().publicUrl.replace(/\/+$/, ""));
});

test("the document's parts fit together: unique operation ids, declared tags, resolvable references, path parameters", () => {
  const ids = documented.map((d) => d.operation.operationId);
  assert.deepEqual(
    ids.filter((id, i) => ids.indexOf(id) !== i),
    [],
    "operationIds are unique",
  );
  const tags = new Set(doc.tags.map((t: { name: string }) => t.name));
  for (const d of documented) {
    assert.ok(d.operation.summary, `${d.method} ${d.path} has a summary`);
    for (const tag of d.operation.tags) assert.ok(tags.has(tag), `${d.method} ${d.path}: tag ${tag} is declared`);
    const placeholders = [...d.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const inPath = d.operation.parameters
      .filter((p: { in: string }) => p.in === "path")
      .map((p: { name: string }) => p.name)
      .sort();
    assert.deepEqual(inPath, placeholders, `${d.method} ${d.path}: a parameter for each placeholder`);
  }
  const refs: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, child] of Object.entries(v))
        k === "$ref" && typeof child === "string" ? refs.push(child) : walk(child);
    }
  };
  walk(doc);
  assert.ok(refs.length > 0);
  for (const ref of new Set(refs)) {
    const target = ref
      .replace(/^#\//, "")
      .split("/")
      .reduce((o: any, k) => o?.[k], doc);
    assert.ok(target, `${ref} resolves`);
  }
  assert.deepEqual(doc.components.securitySchemes.apiToken, {
    ...doc.components.securitySchemes.apiToken,
    type: "http",
    scheme: "bearer",
  });
  assert.deepEqual(doc.components.securitySchemes.session, {
    ...doc.components.securitySchemes.session,
    type: "apiKey",
    in: "cookie",
  });
  // Every operation that needs a person says so: public ones clear the document's default security.
  const signIn = documented.find((d) => d.path === "/api/auth/sign-in/email")!;
  assert.deepEqual(signIn.operation.security, []);
  const agents = documented.find((d) => d.path === "/api/agents" && d.method === "GET")!;
  assert.equal(agents.operation.security, undefined, "signed-in operations use the default: token or session");
  assert.deepEqual(doc.security, [{ apiToken: [] }, { session: [] }]);
});

test("every method of every route file is in the document (or listed as undocumented), and the document has no other", () => {
  const served = routes.flatMap((r) => r.methods.map((m) => `${m} ${r.path}`));
  const nowhere = documented
    .filter((d) => !d.route || !d.route.methods.includes(d.method as never))
    .map((d) => `${d.method} ${d.path}`);
  assert.deepEqual(nowhere, [], "operations in the document that no route file serves");
  // A placeholder names the route's own segment: /api/agents/{name} is app/api/agents/[name].
  for (const d of documented) {
    if (d.route!.segments.some((s) => s.startsWith("[..."))) continue;
    assert.equal(
      d.path.replace(/\{(\w+)\}/g, "[$1]"),
      d.route!.path,
      `${d.method} ${d.path} names the route's segments`,
    );
  }
  const inDocument = new Set(documented.map((d) => `${d.method} ${d.route!.path}`));
  const left = new Set(UNDOCUMENTED.map((u) => `${u.method} ${u.route}`));
  const missing = served.filter((key) => !inDocument.has(key) && !left.has(key));
  assert.deepEqual(missing, [], "route methods missing from the API reference: add them to lib/api/operations.ts");
  const stale = [...left].filter((key) => !served.includes(key));
  assert.deepEqual(stale, [], "UNDOCUMENTED lists route methods that no longer exist");
  const both = [...left].filter((key) => inDocument.has(key));
  assert.deepEqual(both, [], "a route method is either documented or listed as undocumented");
  for (const u of UNDOCUMENTED) assert.ok(u.reason.length > 20, `${u.method} ${u.route} says why it is left out`);
  assert.ok(documented.length >= 70, `${documented.length} operations`);
});

test("each operation's access and input schemas are its route handler's own, and the document shows their JSON Schema", async () => {
  let compared = 0;
  for (const op of API_OPERATIONS) {
    const route = matchApiRoute(routes, op.path)!;
    const mod = await import(path.join(ROOT, route.file));
    const contract = routeContract(mod[op.method]);
    if (!contract) {
      // Only better-auth's catch-all is not built with route(); its endpoints read their bodies themselves.
      assert.ok(op.path.startsWith("/api/auth/"), `${op.method} ${op.path}: the route is built with route()`);
      assert.equal(op.body ?? op.params ?? op.query, undefined);
      continue;
    }
    const where = `${op.method} ${op.path}`;
    assert.equal(contract.access, op.access, `${where}: access`);
    assert.equal(op.body, contract.body, `${where}: the body schema is the route's own`);
    assert.equal(op.params, contract.params, `${where}: the path schema is the route's own`);
    assert.equal(op.query, contract.query, `${where}: the query schema is the route's own`);
    const item = doc.paths[op.path][op.method.toLowerCase()];
    if (contract.body)
      assert.deepEqual(
        item.requestBody.content["application/json"].schema,
        jsonSchemaOf(contract.body),
        `${where}: body`,
      );
    else assert.equal(item.requestBody, undefined, `${where}: no body`);
    for (const [source, where_] of [
      [contract.params, "path"],
      [contract.query, "query"],
    ] as const) {
      const expected = source ? (jsonSchemaOf(source) as { properties: Record<string, unknown> }).properties : {};
      const shown = Object.fromEntries(
        item.parameters.filter((p: any) => p.in === where_).map((p: any) => [p.name, p.schema]),
      );
      assert.deepEqual(shown, expected, `${where}: ${where_} parameters`);
    }
    compared++;
  }
  assert.ok(compared >= 60, `${compared} operations compared with their routes`);
});

test("POST /api/tokens: the document's body is NewTokenSchema's JSON Schema", () => {
  const schema = doc.paths["/api/tokens"].post.requestBody.content["application/json"].schema as {
    required: string[];
    additionalProperties: boolean;
    properties: Record<string, { maxLength: number }>;
  };
  assert.deepEqual(schema, jsonSchemaOf(NewTokenSchema));
  assert.deepEqual(schema.required, ["name"]);
  assert.equal(schema.additionalProperties, false);
  assert.equal(schema.properties.name.maxLength, 100);
  assert.ok(doc.paths["/api/tokens"].post.responses["409"], "a duplicate name is documented");
});

test("error answers have the documented shape", async () => {
  const anonymous = await call(tokensRoute, "POST", "/api/tokens", { body: { name: "x" } });
  assert.equal(anonymous.status, 401);
  ErrorBodySchema.parse(anonymous.body);
  const person = await createTestUser("user");
  const bad = await call(tokensRoute, "POST", "/api/tokens", {
    token: person.token,
    body: { name: "x", colour: "red" },
  });
  assert.equal(bad.status, 400);
  const parsed = ErrorBodySchema.parse(bad.body);
  assert.equal(parsed.error.code, "validation_failed");
  assert.deepEqual(parsed.error.details, [{ field: "colour", message: 'Unknown field "colour"' }]);
  const { properties } = doc.components.schemas.Error;
  assert.ok(properties.error.properties.code.enum.includes("validation_failed"));
  assert.deepEqual(properties.error.required, ["code", "message"]);
});
