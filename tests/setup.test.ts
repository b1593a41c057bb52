// First-run setup: one admin (and the demo agent) while nobody exists, 409 afterwards, race-safe.
import assert from "node:assert/strict";
import test from "node:test";
import { setupTestEnv } from "./support/env";
import { call } from "./support/http";

setupTestEnv("setup");
const setupRoute = await import("@/app/api/setup/route");
const { db } = await import("@/lib/db");
const { ensureAdminFromEnv } = await import("@/lib/setup/first-run");

// A browser on Cadre's own page sends this; changes from elsewhere are refused (tests/csrf.test.ts).
const OWN_ORIGIN = { origin: "http://localhost:3000" };
const admin = (n: number) => ({
  name: `Admin ${n}`,
  email: `admin${n}@example.com`,
  password: "correct-horse-battery",
});

test("GET /api/setup says setup is needed while nobody exists", async () => {
  const res = await call(setupRoute, "GET", "/api/setup");
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { needed: true });
});

test("POST /api/setup rejects bad input naming the field and creates nobody", async () => {
  const res = await call(setupRoute, "POST", "/api/setup", {
    headers: OWN_ORIGIN,
    body: { ...admin(0), password: "short" },
  });
  assert.equal(res.status, 400);
  assert.equal(res.body.error.details[0].field, "password");
  const email = await call(setupRoute, "POST", "/api/setup", {
    headers: OWN_ORIGIN,
    body: { ...admin(0), email: "not-an-email" },
  });
  assert.equal(email.status, 400);
  assert.equal(email.body.error.details[0].field, "email");
  assert.equal(await db.user.count(), 0);
});

test("two simultaneous setups: exactly one creates the admin, the other gets 409", async () => {
  const results = await Promise.all(
    [1, 2, 3].map((n) => call(setupRoute, "POST", "/api/setup", { headers: OWN_ORIGIN, body: admin(n) })),
  );
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [201, 409, 409]);
  const created = results.find((r) => r.status === 201)!;
  assert.equal(created.body.user.role, "admin");
  const users = await db.user.findMany();
  assert.equal(users.length, 1);
  assert.equal(users[0].role, "admin");
  assert.equal(users[0].email, created.body.user.email);
  const demo = await db.agent.findMany({ where: { ownerId: users[0].id } });
  assert.equal(demo.length, 1, "the demo agent belongs to the new admin");
  // The claim used to decide the race is not left behind.
  assert.equal(await db.setting.count(), 0);
});

test("setup happens once: later POSTs get 409 and GET says it is not needed", async () => {
  const res = await call(setupRoute, "POST", "/api/setup", { headers: OWN_ORIGIN, body: admin(9) });
  assert.equal(res.status, 409);
  assert.equal(res.body.error.code, "conflict");
  assert.deepEqual((await call(setupRoute, "GET", "/api/setup")).body, { needed: false });
  assert.equal(await db.user.count(), 1);
});

test("ensureAdminFromEnv does nothing once someone exists", async () => {
  const result = await ensureAdminFromEnv({ email: "late@example.com", password: "password-123" });
  assert.deepEqual(result, { created: false });
  assert.equal(await db.user.count({ where: { email: "late@example.com" } }), 0);
});
