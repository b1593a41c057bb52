// Realtime tokens: what the worker accepts and what it refuses.
import assert from "node:assert/strict";
import test from "node:test";
import { SignJWT } from "jose";
import { mintRealtimeToken, REALTIME_AUDIENCE, verifyRealtimeToken } from "./token";

const secret = "a-test-internal-secret-0123456789";
const alice = { userId: "alice", role: "admin" as const };

test("a minted token verifies to the same identity and expires after the ttl", async () => {
  const before = Date.now();
  const { token, expiresAt } = await mintRealtimeToken(alice, secret, 120);
  assert.deepEqual(await verifyRealtimeToken(token, secret), alice);
  const ttl = Date.parse(expiresAt) - before;
  assert.ok(ttl > 118_000 && ttl <= 121_000, `ttl ${ttl}`);
  const claims = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
  assert.equal(claims.aud, REALTIME_AUDIENCE);
  assert.equal(claims.sub, "alice");
});

test("expired, foreign, tampered and malformed tokens are refused", async () => {
  const expired = await mintRealtimeToken(alice, secret, -1);
  assert.equal(await verifyRealtimeToken(expired.token, secret), null);
  const foreign = await mintRealtimeToken(alice, "another-secret-0123456789abcdef");
  assert.equal(await verifyRealtimeToken(foreign.token, secret), null);

  const { token } = await mintRealtimeToken({ userId: "bob", role: "user" }, secret);
  const [head, , sig] = token.split(".");
  const forged = Buffer.from(JSON.stringify({ sub: "bob", role: "admin", aud: REALTIME_AUDIENCE, exp: 9e9 })).toString(
    "base64url",
  );
  assert.equal(await verifyRealtimeToken(`${head}.${forged}.${sig}`, secret), null);

  for (const junk of [undefined, null, 42, "", "a.b.c", "x".repeat(5000)]) {
    assert.equal(await verifyRealtimeToken(junk, secret), null);
  }
});

test("a token signed with the raw internal secret is refused (the key is derived from it)", async () => {
  const now = Math.floor(Date.now() / 1000);
  const sign = (aud: string, key: Uint8Array) =>
    new SignJWT({ role: "user" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("eve")
      .setAudience(aud)
      .setExpirationTime(now + 60)
      .sign(key);
  assert.equal(
    await verifyRealtimeToken(await sign(REALTIME_AUDIENCE, new TextEncoder().encode(secret)), secret),
    null,
  );
  const valid = await mintRealtimeToken({ userId: "eve", role: "user" }, secret);
  assert.ok(await verifyRealtimeToken(valid.token, secret));
});
