// CADRE_ADMIN_EMAIL / CADRE_ADMIN_PASSWORD: the admin is created at start when nobody exists, once.
import assert from "node:assert/strict";
import test from "node:test";
import { setupTestEnv } from "./support/env";

const PASSWORD = "env-admin-password-42";
setupTestEnv("setup-env", { CADRE_ADMIN_EMAIL: "Boss@Example.com", CADRE_ADMIN_PASSWORD: PASSWORD });
const { db } = await import("@/lib/db");
const { ensureAdminFromEnv, isSetupNeeded } = await import("@/lib/setup/first-run");
const authRoute = await import("@/app/api/auth/[...all]/route");

test("without the variables nothing is created", async () => {
  assert.deepEqual(await ensureAdminFromEnv({}), { created: false });
  assert.equal(await isSetupNeeded(), true);
});

test("creates the admin and demo agent once, even when called several times at once", async (t) => {
  const logged: string[] = [];
  t.mock.method(console, "log", (...args: unknown[]) => void logged.push(args.join(" ")));
  const results = await Promise.all([ensureAdminFromEnv(), ensureAdminFromEnv(), ensureAdminFromEnv()]);
  assert.equal(results.filter((r) => r.created).length, 1);
  assert.deepEqual(await ensureAdminFromEnv(), { created: false });
  const users = await db.user.findMany();
  assert.equal(users.length, 1);
  assert.equal(users[0].email, "boss@example.com");
  assert.equal(users[0].role, "admin");
  assert.equal(await db.agent.count({ where: { ownerId: users[0].id } }), 1);
  assert.ok(logged.some((l) => l.includes("boss@example.com")));
  assert.ok(!logged.some((l) => l.includes(PASSWORD)), "the password is never logged");
});

test("the env admin can sign in with the configured password", async () => {
  const res = await authRoute.POST(
    new Request("http://localhost:3000/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3000" },
      body: JSON.stringify({ email: "boss@example.com", password: PASSWORD }),
    }),
  );
  assert.equal(res.status, 200);
  assert.match(res.headers.getSetCookie().join(";"), /better-auth\.session_token=/);
});
