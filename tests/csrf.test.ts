// Cross-site request forgery: a change made with the session cookie is accepted only from Cadre's own origin and as
// application/json; API tokens need no origin. better-auth's endpoints and the public setup route get the same rule.

import assert from "node:assert/strict";
import test from "node:test";
import { setupTestEnv } from "./support/env";

const ORIGIN = "http://localhost:3000";
setupTestEnv("csrf", { CADRE_PUBLIC_URL: ORIGIN });
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { db } = await import("@/lib/db");
const authRoute = await import("@/app/api/auth/[...all]/route");
const usersRoute = await import("@/app/api/users/route");
const setupRoute = await import("@/app/api/setup/route");
const meRoute = await import("@/app/api/me/route");

const admin = await createTestUser("admin");

async function signIn(headers: Record<string, string> = { origin: ORIGIN }) {
  return authRoute.POST(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    }),
  );
}

const signedIn = await signIn();
assert.equal(signedIn.status, 200);
const cookie = signedIn.headers
  .getSetCookie()
  .map((c) => c.split(";")[0])
  .join("; ");

let n = 0;
const newUser = () => ({
  email: `csrf-${++n}-${Date.now()}@example.com`,
  name: "Mallory",
  password: "password-123",
  role: "admin",
});
const userCount = () => db.user.count();

function createUser(headers: Record<string, string>, rawBody = JSON.stringify(newUser())) {
  return call(usersRoute, "POST", "/api/users", { headers: { cookie, ...headers }, rawBody });
}

test("a cookie session from a foreign site, another port of the same host, or with no origin is refused", async () => {
  const before = await userCount();
  for (const origin of [
    "https://evil.example",
    "http://localhost:3999",
    "http://127.0.0.1:3999",
    "http://127.0.0.2:3000",
    "null",
  ]) {
    const res = await createUser({ origin, "content-type": "application/json" });
    assert.equal(res.status, 403, `${origin}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.code, "forbidden");
    assert.equal(res.body.error.details[0].field, "origin");
    if (origin !== "null")
      assert.match(
        res.body.error.message,
        /open Cadre at http:\/\/localhost:3000/,
        "the refusal names Cadre's address",
      );
  }
  const none = await createUser({ "content-type": "application/json" });
  assert.equal(none.status, 403);
  assert.match(none.body.error.message, /no Origin or Referer/);
  const foreignReferer = await createUser({
    referer: "http://localhost:3999/attack.html",
    "content-type": "application/json",
  });
  assert.equal(foreignReferer.status, 403);
  assert.equal(await userCount(), before, "nothing was written");
});

test("the same port on another loopback name is Cadre itself: its changes are taken", async () => {
  const before = await userCount();
  for (const origin of ["http://127.0.0.1:3000", "http://[::1]:3000"]) {
    const res = await createUser({ origin, "content-type": "application/json" });
    assert.equal(res.status, 201, `${origin}: ${JSON.stringify(res.body)}`);
  }
  assert.equal(await userCount(), before + 2);
});

test("a body that is not application/json is refused with 415, whatever the origin", async () => {
  const before = await userCount();
  for (const type of [
    "text/plain",
    "text/plain;charset=UTF-8",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
  ]) {
    const res = await createUser({ origin: ORIGIN, "content-type": type });
    assert.equal(res.status, 415, `${type}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.code, "unsupported_media_type");
  }
  const untyped = await createUser({ origin: ORIGIN });
  assert.equal(untyped.status, 415);
  assert.equal(await userCount(), before);
});

test("Cadre's own origin (or, lacking Origin, its Referer) with JSON is accepted", async () => {
  const before = await userCount();
  assert.equal((await createUser({ origin: ORIGIN, "content-type": "application/json" })).status, 201);
  assert.equal((await createUser({ referer: `${ORIGIN}/users`, "content-type": "application/json" })).status, 201);
  assert.equal((await createUser({ origin: ORIGIN, "content-type": "application/json; charset=utf-8" })).status, 201);
  assert.equal(await userCount(), before + 3);
});

test("reads need no origin; an API token needs none for changes either", async () => {
  assert.equal(
    (await call(meRoute, "GET", "/api/me", { headers: { cookie, origin: "https://evil.example" } })).status,
    200,
  );
  const res = await call(usersRoute, "POST", "/api/users", { token: admin.token, body: newUser() });
  assert.equal(res.status, 201, JSON.stringify(res.body));
});

test("better-auth's endpoints: sign-in and sign-out from a foreign origin are refused; the rest is not exposed", async () => {
  const foreign = await signIn({ origin: "http://localhost:3999" });
  assert.equal(foreign.status, 403);
  assert.equal(foreign.headers.getSetCookie().length, 0);
  const textPlain = await authRoute.POST(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "text/plain", origin: ORIGIN },
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    }),
  );
  assert.equal(textPlain.status, 415);

  const signOut = await authRoute.POST(
    new Request(`${ORIGIN}/api/auth/sign-out`, { method: "POST", headers: { cookie, origin: "https://evil.example" } }),
  );
  assert.equal(signOut.status, 403);
  assert.equal((await call(meRoute, "GET", "/api/me", { headers: { cookie } })).status, 200, "the session still works");

  // better-auth's own admin endpoints would let a session create users; only the pages' three endpoints answer.
  const hidden = await authRoute.POST(
    new Request(`${ORIGIN}/api/auth/admin/create-user`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, cookie },
      body: JSON.stringify(newUser()),
    }),
  );
  assert.equal(hidden.status, 404);
  assert.equal((await hidden.json()).error.code, "not_found");
});

test("the public setup route takes changes only from Cadre's origin", async () => {
  const { role: _role, ...firstAdmin } = newUser();
  const res = await call(setupRoute, "POST", "/api/setup", {
    headers: { origin: "https://evil.example" },
    body: firstAdmin,
  });
  assert.equal(res.status, 403);
  const own = await call(setupRoute, "POST", "/api/setup", { headers: { origin: ORIGIN }, body: firstAdmin });
  assert.equal(own.status, 409, "past the origin check, setup is refused because an admin exists");
});
