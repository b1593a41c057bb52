// `npm run cadre -- …` as a child process against a test database: users, passwords, tokens, bad input.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import test from "node:test";
import { ROOT, setupTestEnv } from "./support/env";
import { call } from "./support/http";

const env = setupTestEnv("cli");
const authRoute = await import("@/app/api/auth/[...all]/route");
const meRoute = await import("@/app/api/me/route");
const { db } = await import("@/lib/db");

function cadre(args: string[], extraEnv: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/cadre.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...extraEnv },
    encoding: "utf8",
  });
  const lines = res.stdout.trimEnd().split("\n");
  return { status: res.status, stdout: res.stdout, stderr: res.stderr, last: lines[lines.length - 1] };
}

async function signInStatus(email: string, password: string): Promise<number> {
  const res = await authRoute.POST(
    new Request("http://localhost:3000/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3000" },
      body: JSON.stringify({ email, password }),
    }),
  );
  return res.status;
}

test("create-user with a generated password: printed last, and it signs in", async () => {
  const res = cadre(["create-user", "--email", "Root@Example.com", "--name", "Root", "--role", "admin"]);
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /Created admin root@example\.com/);
  const user = await db.user.findUnique({ where: { email: "root@example.com" } });
  assert.equal(user?.role, "admin");
  assert.equal(await signInStatus("root@example.com", res.last), 200);
  assert.equal(await signInStatus("root@example.com", "something-else"), 401);
});

test("create-user with a given password; a duplicate email fails with exit 1", async () => {
  const ok = cadre(["create-user", "--email", "ann@example.com", "--name", "Ann", "--password", "ann-password-1"]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.ok(!ok.stdout.includes("ann-password-1"), "a given password is not echoed");
  assert.equal(await signInStatus("ann@example.com", "ann-password-1"), 200);
  assert.equal((await db.user.findUnique({ where: { email: "ann@example.com" } }))?.role, "user");
  const dup = cadre(["create-user", "--email", "ann@example.com", "--name", "Ann again"]);
  assert.equal(dup.status, 1);
  assert.match(dup.stderr, /already exists/);
});

test("reset-password: the new password works, the old one does not", async () => {
  const res = cadre(["reset-password", "--email", "ann@example.com", "--password", "ann-password-2"]);
  assert.equal(res.status, 0, res.stderr);
  assert.equal(await signInStatus("ann@example.com", "ann-password-1"), 401);
  assert.equal(await signInStatus("ann@example.com", "ann-password-2"), 200);
  const generated = cadre(["reset-password", "--email", "ann@example.com"]);
  assert.equal(generated.status, 0, generated.stderr);
  assert.equal(await signInStatus("ann@example.com", generated.last), 200);
  const unknown = cadre(["reset-password", "--email", "nobody@example.com", "--password", "whatever-123"]);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /No user with the email nobody@example\.com/);
});

test("create-token: the last line is a working token, stored only as a hash", async () => {
  const res = cadre(["create-token", "--email", "ann@example.com", "--name", "deploy", "--expires-days", "7"]);
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.last, /^cad_\S+$/);
  const me = await call(meRoute, "GET", "/api/me", { token: res.last });
  assert.equal(me.status, 200);
  assert.equal(me.body.user.email, "ann@example.com");
  const rows = await db.apiToken.findMany({ where: { name: "deploy" } });
  assert.equal(rows.length, 1);
  assert.ok(rows[0].expiresAt && rows[0].expiresAt.getTime() > Date.now() + 6 * 86_400_000);
  assert.ok(!JSON.stringify(rows).includes(res.last));
});

test("through npm run, the token is still the last line of output", async () => {
  const res = spawnSync("npm", ["run", "cadre", "--", "create-token", "--email", "root@example.com"], {
    cwd: ROOT,
    env: process.env,
    encoding: "utf8",
  });
  assert.equal(res.status, 0, res.stderr);
  const token = res.stdout.trimEnd().split("\n").at(-1)!;
  assert.equal((await call(meRoute, "GET", "/api/me", { token })).status, 200);
});

test("list-users prints everyone", () => {
  const res = cadre(["list-users"]);
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /root@example\.com\tadmin\tRoot/);
  assert.match(res.stdout, /ann@example\.com\tuser\tAnn/);
});

test("bad input: message on stderr and exit 2, nothing written", async () => {
  const before = await db.user.count();
  const cases: [string[], RegExp][] = [
    [[], /Name a command/],
    [["frobnicate"], /Unknown command "frobnicate"/],
    [["create-user", "--name", "No Email"], /--email: is required/],
    [["create-user", "--email", "not-an-email", "--name", "X"], /--email: must be an email address/],
    [["create-user", "--email", "x@example.com", "--name", "X", "--role", "root"], /--role/],
    [
      ["create-user", "--email", "x@example.com", "--name", "X", "--password", "short"],
      /--password: must be at least 8/,
    ],
    [["create-token", "--email", "ann@example.com", "--expires-days", "soon"], /--expires-days/],
    [["list-users", "--verbose"], /Unknown option '--verbose'/],
  ];
  for (const [args, message] of cases) {
    const res = cadre(args);
    assert.equal(res.status, 2, `${args.join(" ")} → ${res.status}`);
    assert.match(res.stderr, message);
    assert.equal(res.stdout, "");
  }
  assert.equal(await db.user.count(), before);
});

test("help prints the commands; a database without tables says to run npm start first", () => {
  const help = cadre(["help"]);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /create-token --email E/);
  const empty = cadre(["list-users"], { DATABASE_URL: `file:${path.join(env.dir, "empty.db")}` });
  assert.equal(empty.status, 1);
  assert.match(empty.stderr, /run npm start once first/);
});
