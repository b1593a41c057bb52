// Sign-in limits through the real better-auth handler: per address (x-forwarded-for, as Cadre's server sets it)
// and per account whatever the address, with a lock that doubles and a successful sign-in that resets it.
import assert from "node:assert/strict";
import test from "node:test";
import { setupTestEnv } from "./support/env";

setupTestEnv("sign-in-throttle", { CADRE_RATE_LIMIT: "on" });
const { db } = await import("@/lib/db");
const { auth } = await import("@/lib/auth/auth");
const { SIGN_IN_LIMITS, signInKey } = await import("@/lib/auth/sign-in-guard");
const { createTestUser } = await import("./support/users");

const BASE = "http://localhost:3000";
const LIMIT = SIGN_IN_LIMITS.lockAfter;

let addresses = 0;
/** A client address nobody used yet, so the per-address limit stays out of the way. */
function freshAddress(): string {
  addresses += 1;
  return `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`;
}

interface Outcome {
  status: number;
  code: string | undefined;
  message: string | undefined;
  retryAfter: number | null;
  xRetryAfter: number | null;
}

async function signIn(email: string, password: string, address = freshAddress()): Promise<Outcome> {
  const res = await auth.handler(
    new Request(`${BASE}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { origin: BASE, "content-type": "application/json", "x-forwarded-for": address },
      body: JSON.stringify({ email, password }),
    }),
  );
  const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
  const header = (name: string) => (res.headers.get(name) === null ? null : Number(res.headers.get(name)));
  return {
    status: res.status,
    code: body.code,
    message: body.message,
    retryAfter: header("retry-after"),
    xRetryAfter: header("x-retry-after"),
  };
}

/** Moves the account's lock into the past, as if its time had passed. */
async function expireLock(email: string): Promise<void> {
  const changed = await db.signInFailure.updateMany({
    where: { key: signInKey(email) },
    data: { lockedUntil: BigInt(Date.now() - 1) },
  });
  assert.equal(changed.count, 1);
}

function assertLocked(o: Outcome, maxSeconds: number): void {
  assert.equal(o.status, 429);
  assert.equal(o.code, "SIGN_IN_LOCKED");
  assert.match(o.message ?? "", /^Too many failed attempts\. Try again in \d+ seconds?\.$/);
  assert.ok(
    o.xRetryAfter !== null && o.xRetryAfter > 0 && o.xRetryAfter <= maxSeconds,
    `X-Retry-After ${o.xRetryAfter}`,
  );
  assert.equal(o.retryAfter, o.xRetryAfter);
}

test("130 guesses for one account, each from a new address, at once: only the per-account limit reach the password check", async () => {
  const user = await createTestUser("admin");
  const outcomes = await Promise.all(Array.from({ length: 130 }, (_, i) => signIn(user.email, `wrong-password-${i}`)));
  const processed = outcomes.filter((o) => o.status === 401).length;
  const locked = outcomes.filter((o) => o.status === 429);
  assert.equal(processed + locked.length, 130, `statuses: ${[...new Set(outcomes.map((o) => o.status))]}`);
  assert.ok(processed <= LIMIT + 1, `processed ${processed}`);
  assert.ok(processed >= 1);
  for (const o of locked) assertLocked(o, SIGN_IN_LIMITS.firstLockMs / 1000);

  // The right password is refused while the lock lasts.
  assertLocked(await signIn(user.email, user.password), SIGN_IN_LIMITS.firstLockMs / 1000);
});

test("after the lock a right password signs in and resets the count; failures then lock again, for longer each time", async () => {
  const user = await createTestUser("user");
  for (let i = 0; i < LIMIT; i++) assert.equal((await signIn(user.email, "wrong-password")).status, 401);
  assertLocked(await signIn(user.email, user.password), 30);

  await expireLock(user.email);
  assert.equal((await signIn(user.email, user.password)).status, 200);
  assert.equal(await db.signInFailure.count({ where: { key: signInKey(user.email) } }), 0);

  // A fresh count: LIMIT failures pass to the password check, the next attempt is refused for the first lock.
  for (let i = 0; i < LIMIT; i++)
    assert.equal((await signIn(user.email, "wrong-password")).status, 401, `attempt ${i + 1}`);
  const first = await signIn(user.email, "wrong-password");
  assertLocked(first, 30);

  // Once it ends, one more failure locks for twice as long.
  await expireLock(user.email);
  assert.equal((await signIn(user.email, "wrong-password")).status, 401);
  const second = await signIn(user.email, user.password);
  assertLocked(second, 60);
  assert.ok(second.xRetryAfter! > 30, `second lock ${second.xRetryAfter} s`);
});

test("an unknown email is counted and locked the same way as a known one", async () => {
  const known = await createTestUser("user");
  const unknown = `nobody-${Date.now()}@example.com`;
  const run = async (email: string) => {
    const outcomes: Outcome[] = [];
    for (let i = 0; i <= LIMIT; i++) outcomes.push(await signIn(email, "wrong-password"));
    return outcomes;
  };
  const [a, b] = [await run(known.email), await run(unknown)];
  assert.deepEqual(
    a.map((o) => [o.status, o.code, o.message]),
    b.map((o) => [o.status, o.code, o.message]),
  );
  assert.equal(b.at(-1)!.status, 429);
});

test("one account's lock leaves other accounts alone; the email's case does not matter", async () => {
  const locked = await createTestUser("user");
  const other = await createTestUser("user");
  for (let i = 0; i < LIMIT; i++) await signIn(locked.email, "wrong-password");
  assertLocked(await signIn(locked.email.toUpperCase(), locked.password), 30);
  assert.equal((await signIn(other.email, other.password)).status, 200);
});

test("per address: 3 attempts in 10 s from one address, then 429 with X-Retry-After; the refused one is not counted for the account", async () => {
  const user = await createTestUser("user");
  const address = freshAddress();
  for (let i = 0; i < 3; i++) assert.equal((await signIn(user.email, "wrong-password", address)).status, 401);
  const refused = await signIn(user.email, user.password, address);
  assert.equal(refused.status, 429);
  assert.notEqual(refused.code, "SIGN_IN_LOCKED");
  assert.ok(
    refused.xRetryAfter !== null && refused.xRetryAfter > 0 && refused.xRetryAfter <= 10,
    `X-Retry-After ${refused.xRetryAfter}`,
  );
  const row = await db.signInFailure.findUnique({ where: { key: signInKey(user.email) } });
  assert.equal(row?.count, 3);
  // Another address is not held back by that one.
  assert.equal((await signIn(user.email, user.password)).status, 200);
});

test("x-forwarded-for with a list of addresses is not trusted as a client address", async () => {
  const user = await createTestUser("user");
  // Each request names a new first address; were the list trusted, none would be limited.
  const outcomes: number[] = [];
  for (let i = 0; i < 4; i++)
    outcomes.push((await signIn(user.email, "wrong-password", `${freshAddress()}, 192.0.2.7`)).status);
  assert.deepEqual(outcomes, [401, 401, 401, 429]);
});
