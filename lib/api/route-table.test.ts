// The route table read from app/api: methods per file, Next.js's matching order, and the 404/405 fallback answers.

import assert from "node:assert/strict";
import path from "node:path";
import test from "node:test";
import { apiFallback, exportedMethods, matchApiRoute, scanApiRoutes } from "./route-table";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const routes = scanApiRoutes(ROOT);

test("exported methods are read from the three ways a route file exports them", () => {
  assert.deepEqual(exportedMethods("export const GET = route(...);\nexport async function DELETE() {}"), [
    "GET",
    "DELETE",
  ]);
  assert.deepEqual(exportedMethods("export const { GET, POST: post, PATCH } = handler;"), ["GET", "PATCH"]);
  assert.deepEqual(exportedMethods("// export const PUT\nconst GETTER = 1;"), []);
});

test("every route file of the app is found, with its methods", () => {
  const agents = routes.find((r) => r.path === "/api/agents");
  assert.deepEqual(agents?.methods, ["GET", "POST"]);
  const schedule = routes.find((r) => r.path === "/api/agents/[name]/schedules/[id]");
  assert.deepEqual(schedule?.methods, ["GET", "PUT", "DELETE"]);
  assert.ok(routes.length >= 40, `found ${routes.length} routes`);
});

test("static segments win over dynamic ones, dynamic over catch-all", () => {
  assert.equal(matchApiRoute(routes, "/api/processes/validate")?.path, "/api/processes/validate");
  assert.equal(matchApiRoute(routes, "/api/processes/abc")?.path, "/api/processes/[id]");
  assert.equal(matchApiRoute(routes, "/api/skills/sync")?.path, "/api/skills/sync");
  assert.equal(matchApiRoute(routes, "/api/auth/sign-in/email")?.path, "/api/auth/[...all]");
  assert.equal(matchApiRoute(routes, "/api/agents/x/nothing-here"), null);
  assert.equal(matchApiRoute(routes, "/api/nothing"), null);
  assert.equal(matchApiRoute(routes, "/api/auth"), null);
});

test("unknown paths get 404 and unsupported methods 405 with Allow, in the error shape", () => {
  const missing = apiFallback(routes, "GET", "/api/no-such-thing");
  assert.equal(missing?.status, 404);
  assert.equal(missing?.body.error.code, "not_found");
  const patch = apiFallback(routes, "PATCH", "/api/agents");
  assert.equal(patch?.status, 405);
  assert.equal(patch?.headers.allow, "GET, POST, HEAD, OPTIONS");
  assert.equal(patch?.body.error.code, "method_not_allowed");
  assert.equal(apiFallback(routes, "POST", "/api/agents"), null);
  assert.equal(apiFallback(routes, "HEAD", "/api/agents"), null);
});
