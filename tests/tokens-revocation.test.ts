// What an admin's change to a person does to what that person already holds: a password reset revokes their API tokens
// and sessions (route and command line); a demotion is refused at the very next request, by token and by session; a
// ban stops tokens and sessions, and lifting it lets the tokens work again; live connections are closed, and a
// demoted admin's new connection no longer hears the admins' events.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { after, test } from "node:test";
import { ROOT, setTestEnv, setupTestEnv } from "./support/env";
import { startWorker } from "./support/worker";

setupTestEnv("tokens-revocation");
const worker = await startWorker();
setTestEnv({ CADRE_WORKER_URL: worker.url, CADRE_PUBLIC_WORKER_URL: undefined });

const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { connectSocket, sleep } = await import("./support/processes");
const { db } = await import("@/lib/db");
const { auth } = await import("@/lib/auth/auth");
const { publish } = await import("./support/outbox");
const { EVENT_VERSION, rooms } = await import("@/lib/realtime/events");
const authRoute = await import("@/app/api/auth/[...all]/route");
const meRoute = await import("@/app/api/me/route");
const usersRoute = await import("@/app/api/users/route");
const userRoute = await import("@/app/api/users/[id]/route");
const passwordRoute = await import("@/app/api/users/[id]/password/route");
const tokensRoute = await import("@/app/api/tokens/route");

after(async () => {
  await worker.stop("SIGKILL");
});

const BASE = "http://localhost:3000";

async function signIn(email: string, password: string): Promise<string> {
  const res = await authRoute.POST(
    new Request(`${BASE}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: BASE },
      body: JSON.stringify({ email, password }),
    }),
  );
  assert.equal(res.status, 200, await res.clone().text());
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** The credentials a person holds: an API token and a browser session. */
const asToken = (token: string) => ({ token });
const asSession = (cookie: string) => ({ headers: { cookie } });

const me = (auth: object) => call(meRoute, "GET", "/api/me", auth);
const listUsers = (auth: object) => call(usersRoute, "GET", "/api/users", auth);

const admin = await createTestUser("admin");

test("an admin's password reset revokes the person's API tokens and ends their sessions", async () => {
  const person = await createTestUser("user");
  const second = await call(tokensRoute, "POST", "/api/tokens", { token: person.token, body: { name: "ci" } });
  assert.equal(second.status, 201);
  const cookie = await signIn(person.email, person.password);
  for (const auth of [asToken(person.token), asToken(second.body.token), asSession(cookie)])
    assert.equal((await me(auth)).status, 200);

  const res = await call(passwordRoute, "POST", `/api/users/${person.id}/password`, {
    token: admin.token,
    params: { id: person.id },
    body: { password: "a-new-password-1" },
  });
  assert.equal(res.status, 200);
  for (const auth of [asToken(person.token), asToken(second.body.token), asSession(cookie)])
    assert.equal((await me(auth)).status, 401);
  assert.equal(await db.apiToken.count({ where: { userId: person.id } }), 0);

  // They sign in with the new password and make new tokens.
  const fresh = await signIn(person.email, "a-new-password-1");
  const made = await call(tokensRoute, "POST", "/api/tokens", {
    headers: { cookie: fresh, origin: BASE },
    body: { name: "new" },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.equal((await me(asToken(made.body.token))).status, 200);
});

test("the command line's reset-password revokes the tokens too", async () => {
  const person = await createTestUser("user");
  assert.equal((await me(asToken(person.token))).status, 200);
  const res = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "scripts/cadre.ts"), "reset-password", "--email", person.email],
    {
      cwd: ROOT,
      env: process.env,
      encoding: "utf8",
    },
  );
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /API tokens revoked/);
  assert.equal((await me(asToken(person.token))).status, 401);
  assert.equal(await db.apiToken.count({ where: { userId: person.id } }), 0);
});

test("a demoted admin's token and session get 403 on an admin route at the next request", async () => {
  const other = await createTestUser("admin");
  const cookie = await signIn(other.email, other.password);
  assert.equal((await listUsers(asToken(other.token))).status, 200);
  assert.equal((await listUsers(asSession(cookie))).status, 200);

  const demote = await call(userRoute, "PATCH", `/api/users/${other.id}`, {
    token: admin.token,
    params: { id: other.id },
    body: { role: "user" },
  });
  assert.equal(demote.status, 200);
  for (const auth of [asToken(other.token), asSession(cookie)]) {
    const res = await listUsers(auth);
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, "forbidden");
    assert.equal((await me(auth)).body.user.role, "user");
  }
  // Promoted again: the same token is an admin's at once.
  await call(userRoute, "PATCH", `/api/users/${other.id}`, {
    token: admin.token,
    params: { id: other.id },
    body: { role: "admin" },
  });
  assert.equal((await listUsers(asToken(other.token))).status, 200);
});

test("a ban stops the person's tokens and sessions; lifting it lets the tokens work again", async () => {
  const person = await createTestUser("user");
  const adminCookie = await signIn(admin.email, admin.password);
  const personCookie = await signIn(person.email, person.password);
  // better-auth's admin API, as the server calls it (its HTTP endpoints are not exposed).
  const headers = new Headers({ cookie: adminCookie });

  await auth.api.banUser({ body: { userId: person.id, banReason: "test" }, headers });
  assert.equal((await me(asToken(person.token))).status, 401);
  assert.equal((await me(asSession(personCookie))).status, 401);

  await auth.api.unbanUser({ body: { userId: person.id }, headers });
  assert.equal((await me(asToken(person.token))).status, 200);

  // A ban whose end date has passed has lifted, as it does at sign-in.
  await db.user.update({ where: { id: person.id }, data: { banned: true, banExpires: new Date(Date.now() - 1000) } });
  assert.equal((await me(asToken(person.token))).status, 200);
  await db.user.update({ where: { id: person.id }, data: { banned: true, banExpires: new Date(Date.now() + 60_000) } });
  assert.equal((await me(asToken(person.token))).status, 401);
});

test("a demotion closes the person's live connection; the new one is not in the admins room", async () => {
  const other = await createTestUser("admin");
  const watcher = await connectSocket(admin);
  const before = await connectSocket(other);
  const closed = new Promise<string>((resolve) => before.socket.once("disconnect", resolve));

  const demote = await call(userRoute, "PATCH", `/api/users/${other.id}`, {
    token: admin.token,
    params: { id: other.id },
    body: { role: "user" },
  });
  assert.equal(demote.status, 200);
  assert.equal(await closed, "io server disconnect");

  const now = await connectSocket(other);
  let n = 0;
  const toAdmins = () => {
    n += 1;
    const executionId = `admins-${n}`;
    const payload = {
      v: EVENT_VERSION,
      at: new Date().toISOString(),
      executionId,
      agentId: "a",
      agentName: "x",
      status: "running",
      trigger: "chat",
    };
    publish({ name: "execution_started", payload, rooms: [rooms.admins] });
    return executionId;
  };
  // Then one to the person's own room: once it is there, the admins' event before it would have been too.
  const adminsOnly = toAdmins();
  publish({
    name: "execution_started",
    payload: {
      v: EVENT_VERSION,
      at: new Date().toISOString(),
      executionId: "own",
      agentId: "a",
      agentName: "x",
      status: "running",
      trigger: "api",
    },
    rooms: [rooms.user(other.id)],
  });
  const deadline = Date.now() + 10_000;
  const got = (s: typeof now, id: string) => s.received.some((e) => e.payload?.executionId === id);
  while (!(got(now, "own") && got(watcher, adminsOnly)) && Date.now() < deadline) await sleep(20);
  assert.ok(got(watcher, adminsOnly), "an admin did not get the admins' event");
  assert.ok(got(now, "own"), "the person's own event did not arrive");
  assert.equal(got(now, adminsOnly), false, "the demoted admin still hears the admins' events");
  for (const s of [watcher, before, now]) s.close();
});
