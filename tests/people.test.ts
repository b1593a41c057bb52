// People, sessions, API tokens and settings through the real route handlers and the real better-auth handler.
import assert from "node:assert/strict";
import test from "node:test";
import { setupTestEnv } from "./support/env";
import { call } from "./support/http";

const ENV_KEY = "sk-ant-env-0123456789-abcd";
setupTestEnv("people", { ANTHROPIC_API_KEY: ENV_KEY, ANTHROPIC_BASE_URL: "http://127.0.0.1:9/env" });
const { db } = await import("@/lib/db");
const { identify } = await import("@/lib/auth/identity");
const { getAnthropicConfig } = await import("@/lib/settings");
const { createTestUser } = await import("./support/users");
const authRoute = await import("@/app/api/auth/[...all]/route");
const meRoute = await import("@/app/api/me/route");
const usersRoute = await import("@/app/api/users/route");
const userRoute = await import("@/app/api/users/[id]/route");
const passwordRoute = await import("@/app/api/users/[id]/password/route");
const tokensRoute = await import("@/app/api/tokens/route");
const tokenRoute = await import("@/app/api/tokens/[id]/route");
const settingsRoute = await import("@/app/api/settings/route");

const BASE = "http://localhost:3000";

async function signIn(email: string, password: string) {
  const res = await authRoute.POST(
    new Request(`${BASE}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3000" },
      body: JSON.stringify({ email, password }),
    }),
  );
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { status: res.status, cookie };
}

const me = (opts: { token?: string; cookie?: string }) =>
  call(meRoute, "GET", "/api/me", { token: opts.token, headers: opts.cookie ? { cookie: opts.cookie } : {} });

const admin = await createTestUser("admin");
const member = await createTestUser("user");

test("sign-in gives a session cookie that identify() and GET /api/me accept; sign-out ends it", async () => {
  const { status, cookie } = await signIn(member.email, member.password);
  assert.equal(status, 200);
  assert.match(cookie, /better-auth\.session_token=/);
  const who = await identify(new Headers({ cookie }));
  assert.equal(who?.userId, member.id);
  assert.equal(who?.via, "session");
  const res = await me({ cookie });
  assert.equal(res.status, 200);
  assert.equal(res.body.user.email, member.email);
  assert.equal(res.body.user.role, "user");

  const out = await authRoute.POST(
    new Request(`${BASE}/api/auth/sign-out`, { method: "POST", headers: { cookie, origin: BASE } }),
  );
  assert.equal(out.status, 200);
  assert.equal(await identify(new Headers({ cookie })), null);
  assert.equal((await me({ cookie })).status, 401);
});

test("a wrong password does not sign in", async () => {
  const { status, cookie } = await signIn(member.email, "not-the-password");
  assert.equal(status, 401);
  assert.equal(cookie, "");
});

test("GET /api/me answers 401 without credentials and 200 with an API token", async () => {
  assert.equal((await me({})).status, 401);
  const res = await me({ token: admin.token });
  assert.equal(res.status, 200);
  assert.equal(res.body.user.role, "admin");
  assert.equal(res.body.user.via, "token");
});

test("users admin: 401 signed out, 403 for non-admins", async () => {
  assert.equal((await call(usersRoute, "GET", "/api/users")).status, 401);
  assert.equal((await call(usersRoute, "GET", "/api/users", { token: member.token })).status, 403);
  const body = { email: "x@example.com", name: "X", password: "password-123", role: "user" };
  assert.equal((await call(usersRoute, "POST", "/api/users", { token: member.token, body })).status, 403);
  assert.equal(await db.user.count({ where: { email: "x@example.com" } }), 0);
});

test("users admin: add a person (201), bad input 400 naming the field, duplicate email 409", async () => {
  const body = { email: "New.Person@Example.com", name: "New Person", password: "password-123", role: "user" };
  const created = await call(usersRoute, "POST", "/api/users", { token: admin.token, body });
  assert.equal(created.status, 201);
  assert.equal(created.body.user.email, "new.person@example.com");
  assert.equal(created.body.user.role, "user");
  assert.ok(!("password" in created.body.user));
  assert.equal((await signIn("new.person@example.com", "password-123")).status, 200);

  const bad = await call(usersRoute, "POST", "/api/users", { token: admin.token, body: { ...body, email: "nope" } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.details[0].field, "email");
  const badRole = await call(usersRoute, "POST", "/api/users", {
    token: admin.token,
    body: { ...body, email: "r@example.com", role: "root" },
  });
  assert.equal(badRole.status, 400);
  assert.equal(badRole.body.error.details[0].field, "role");

  const dup = await call(usersRoute, "POST", "/api/users", {
    token: admin.token,
    body: { ...body, email: "NEW.person@example.com" },
  });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.details[0].field, "email");

  const list = await call(usersRoute, "GET", "/api/users", { token: admin.token });
  assert.equal(list.status, 200);
  assert.ok(list.body.users.some((u: { email: string }) => u.email === "new.person@example.com"));
  assert.ok(list.body.users.every((u: object) => !("password" in u)));
});

test("change role and name; an admin cannot change their own role", async () => {
  const person = await createTestUser("user");
  const res = await call(userRoute, "PATCH", "/api/users/x", {
    token: admin.token,
    params: { id: person.id },
    body: { role: "admin", name: "Promoted" },
  });
  assert.equal(res.status, 200);
  assert.equal(res.body.user.role, "admin");
  assert.equal(res.body.user.name, "Promoted");
  assert.equal((await identify(new Headers({ authorization: `Bearer ${person.token}` })))?.role, "admin");

  const self = await call(userRoute, "PATCH", "/api/users/x", {
    token: admin.token,
    params: { id: admin.id },
    body: { role: "user" },
  });
  assert.equal(self.status, 409);
  const empty = await call(userRoute, "PATCH", "/api/users/x", {
    token: admin.token,
    params: { id: person.id },
    body: {},
  });
  assert.equal(empty.status, 400);
  const missing = await call(userRoute, "PATCH", "/api/users/x", {
    token: admin.token,
    params: { id: "nobody" },
    body: { name: "N" },
  });
  assert.equal(missing.status, 404);
});

test("reset password: the new one works, the old one and open sessions stop working", async () => {
  const person = await createTestUser("user");
  const session = await signIn(person.email, person.password);
  const short = await call(passwordRoute, "POST", "/x", {
    token: admin.token,
    params: { id: person.id },
    body: { password: "short" },
  });
  assert.equal(short.status, 400);
  assert.equal(short.body.error.details[0].field, "password");
  const res = await call(passwordRoute, "POST", "/x", {
    token: admin.token,
    params: { id: person.id },
    body: { password: "brand-new-password" },
  });
  assert.equal(res.status, 200);
  assert.equal((await signIn(person.email, person.password)).status, 401);
  assert.equal((await signIn(person.email, "brand-new-password")).status, 200);
  assert.equal(await identify(new Headers({ cookie: session.cookie })), null);
  assert.equal(
    (
      await call(passwordRoute, "POST", "/x", {
        token: member.token,
        params: { id: person.id },
        body: { password: "brand-new-password" },
      })
    ).status,
    403,
  );
});

test("removing a person ends their sessions and tokens and hands their agents to the admin", async () => {
  const person = await createTestUser("user");
  const session = await signIn(person.email, person.password);
  const agent = await db.agent.create({
    data: {
      name: `owned-${Date.now()}`,
      runtime: "command",
      command: "cat",
      workspaceDir: "/tmp/none",
      ownerId: person.id,
    },
  });
  assert.equal((await me({ token: person.token })).status, 200);
  const res = await call(userRoute, "DELETE", "/x", { token: admin.token, params: { id: person.id } });
  assert.equal(res.status, 200);
  assert.equal(res.body.reassignedAgents, 1);
  assert.equal((await me({ token: person.token })).status, 401);
  assert.equal((await me({ cookie: session.cookie })).status, 401);
  assert.equal(await db.apiToken.count({ where: { userId: person.id } }), 0);
  assert.equal((await db.agent.findUnique({ where: { id: agent.id } }))?.ownerId, admin.id);
  assert.equal((await call(userRoute, "DELETE", "/x", { token: admin.token, params: { id: person.id } })).status, 404);
});

test("nobody removes or demotes themselves", async () => {
  const self = await call(userRoute, "DELETE", "/x", { token: admin.token, params: { id: admin.id } });
  assert.equal(self.status, 409);
  assert.match(self.body.error.message, /yourself/);
  const demote = await call(userRoute, "PATCH", "/x", {
    token: admin.token,
    params: { id: admin.id },
    body: { role: "user" },
  });
  assert.equal(demote.status, 409);
  assert.equal(await db.user.count({ where: { id: admin.id, role: "admin" } }), 1);
});

test("two admins removing each other at once: exactly one succeeds", async () => {
  const a = await createTestUser("admin");
  const b = await createTestUser("admin");
  const results = await Promise.all([
    call(userRoute, "DELETE", "/x", { token: a.token, params: { id: b.id } }),
    call(userRoute, "DELETE", "/x", { token: b.token, params: { id: a.id } }),
  ]);
  assert.deepEqual(results.map((r) => r.status).sort(), [200, 409]);
  assert.equal(await db.user.count({ where: { id: { in: [a.id, b.id] } } }), 1);
});

test("the last two admins demoting each other at once: one admin always remains", async () => {
  const other = await createTestUser("admin");
  await db.user.updateMany({ where: { role: "admin", id: { notIn: [admin.id, other.id] } }, data: { role: "user" } });
  const results = await Promise.all([
    call(userRoute, "PATCH", "/x", { token: admin.token, params: { id: other.id }, body: { role: "user" } }),
    call(userRoute, "PATCH", "/x", { token: other.token, params: { id: admin.id }, body: { role: "user" } }),
  ]);
  assert.deepEqual(results.map((r) => r.status).sort(), [200, 409]);
  assert.match(results.find((r) => r.status === 409)!.body.error.message, /last admin/);
  assert.equal(await db.user.count({ where: { role: "admin" } }), 1);
  // Put `admin` back in charge for the tests below.
  await db.user.update({ where: { id: admin.id }, data: { role: "admin" } });
});

test("tokens: created once, stored hashed, listed without the secret, revocable only by their owner", async () => {
  const owner = await createTestUser("user");
  const created = await call(tokensRoute, "POST", "/api/tokens", {
    token: owner.token,
    body: { name: "ci", expiresInDays: 30 },
  });
  assert.equal(created.status, 201);
  const { token, record } = created.body;
  assert.match(token, /^cad_/);
  assert.equal(record.name, "ci");
  assert.equal(record.prefix, token.slice(0, 10));
  assert.ok(Date.parse(record.expiresAt) > Date.now() + 29 * 86_400_000);
  assert.ok(!JSON.stringify(record).includes(token));

  const rows = await db.apiToken.findMany({ where: { userId: owner.id } });
  assert.ok(!JSON.stringify(rows).includes(token), "the database holds no plaintext token");

  const list = await call(tokensRoute, "GET", "/api/tokens", { token: owner.token });
  assert.equal(list.status, 200);
  assert.equal(list.body.tokens.length, 2);
  assert.ok(!JSON.stringify(list.body).includes(token));
  assert.ok(list.body.tokens.every((t: object) => !("tokenHash" in t)));

  assert.equal((await me({ token })).status, 200);
  const other = await call(tokenRoute, "DELETE", "/x", { token: member.token, params: { id: record.id } });
  assert.equal(other.status, 404);
  assert.equal((await me({ token })).status, 200);

  const revoked = await call(tokenRoute, "DELETE", "/x", { token: owner.token, params: { id: record.id } });
  assert.equal(revoked.status, 200);
  assert.equal((await me({ token })).status, 401);
  assert.equal((await call(tokenRoute, "DELETE", "/x", { token: owner.token, params: { id: record.id } })).status, 404);
});

test("tokens: bad input names the field; signed-out callers get 401", async () => {
  const noName = await call(tokensRoute, "POST", "/api/tokens", { token: member.token, body: { name: " " } });
  assert.equal(noName.status, 400);
  assert.equal(noName.body.error.details[0].field, "name");
  const badDays = await call(tokensRoute, "POST", "/api/tokens", {
    token: member.token,
    body: { name: "x", expiresInDays: 0 },
  });
  assert.equal(badDays.status, 400);
  assert.equal(badDays.body.error.details[0].field, "expiresInDays");
  assert.equal((await call(tokensRoute, "GET", "/api/tokens")).status, 401);
});

test("settings: admins only; the key is never returned whole; environment fallback is flagged", async () => {
  assert.equal((await call(settingsRoute, "GET", "/api/settings")).status, 401);
  assert.equal((await call(settingsRoute, "GET", "/api/settings", { token: member.token })).status, 403);
  assert.equal(
    (await call(settingsRoute, "PUT", "/api/settings", { token: member.token, body: { anthropicApiKey: "sk-x" } }))
      .status,
    403,
  );

  const initial = await call(settingsRoute, "GET", "/api/settings", { token: admin.token });
  assert.equal(initial.status, 200);
  assert.deepEqual(initial.body.anthropic, {
    apiKeySet: true,
    apiKeyPreview: "sk-ant…abcd",
    baseUrl: "http://127.0.0.1:9/env",
    apiKeyFromEnv: true,
    baseUrlFromEnv: true,
  });
  assert.ok(!JSON.stringify(initial.body).includes(ENV_KEY));

  const KEY = "sk-ant-api03-very-secret-value-wxyz";
  const saved = await call(settingsRoute, "PUT", "/api/settings", {
    token: admin.token,
    body: { anthropicApiKey: KEY, anthropicBaseUrl: "https://llm.example.com/" },
  });
  assert.equal(saved.status, 200);
  assert.equal(saved.body.anthropic.apiKeyPreview, "sk-ant…wxyz");
  assert.equal(saved.body.anthropic.apiKeyFromEnv, false);
  assert.equal(saved.body.anthropic.baseUrl, "https://llm.example.com");
  assert.equal(saved.body.anthropic.baseUrlFromEnv, false);
  assert.ok(!JSON.stringify(saved.body).includes(KEY));
  assert.ok(
    !JSON.stringify((await call(settingsRoute, "GET", "/api/settings", { token: admin.token })).body).includes(KEY),
  );
  assert.deepEqual(await getAnthropicConfig(), { apiKey: KEY, baseUrl: "https://llm.example.com" });

  const bad = await call(settingsRoute, "PUT", "/api/settings", {
    token: admin.token,
    body: { anthropicBaseUrl: "ftp://x" },
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.details[0].field, "anthropicBaseUrl");

  const cleared = await call(settingsRoute, "PUT", "/api/settings", {
    token: admin.token,
    body: { anthropicApiKey: null, anthropicBaseUrl: "" },
  });
  assert.equal(cleared.status, 200);
  assert.equal(cleared.body.anthropic.apiKeyFromEnv, true);
  assert.equal(cleared.body.anthropic.baseUrlFromEnv, true);
  assert.equal(cleared.body.anthropic.apiKeyPreview, "sk-ant…abcd");
  assert.deepEqual(await getAnthropicConfig(), { apiKey: ENV_KEY, baseUrl: "http://127.0.0.1:9/env" });
});
