import assert from "node:assert/strict";
import test from "node:test";
import { normalizeAddress, parseTrustedProxies, resolveClientAddress } from "./client-address";

const nobody = parseTrustedProxies("");

test("without trusted proxies the socket address wins, whatever X-Forwarded-For says", () => {
  assert.equal(resolveClientAddress("203.0.113.7", "1.2.3.4", nobody), "203.0.113.7");
  assert.equal(resolveClientAddress("203.0.113.7", ["1.2.3.4", "5.6.7.8"], nobody), "203.0.113.7");
  assert.equal(resolveClientAddress("::ffff:127.0.0.1", "10.9.9.9", nobody), "127.0.0.1");
  assert.equal(resolveClientAddress("2001:DB8::1", undefined, nobody), "2001:db8::1");
});

test("a client that is not a trusted proxy cannot choose its address through the header", () => {
  const trusted = parseTrustedProxies("10.0.0.0/8, loopback");
  assert.equal(resolveClientAddress("198.51.100.20", "10.0.0.5, 127.0.0.1", trusted), "198.51.100.20");
});

test("behind a trusted proxy the right-most untrusted entry is the client; spoofed entries to its left are ignored", () => {
  const trusted = parseTrustedProxies("10.0.0.0/8,fd00::/8");
  // the client sent "X-Forwarded-For: 6.6.6.6"; its proxy appended the real peer, then a second proxy its own peer
  assert.equal(resolveClientAddress("10.0.0.2", "6.6.6.6, 198.51.100.20, 10.0.0.1", trusted), "198.51.100.20");
  assert.equal(resolveClientAddress("::ffff:10.0.0.2", ["6.6.6.6", "198.51.100.20"], trusted), "198.51.100.20");
  assert.equal(resolveClientAddress("fd12::1", "2001:db8::7", trusted), "2001:db8::7");
  assert.equal(resolveClientAddress("fd12::1", "[2001:db8::7]:443", trusted), "2001:db8::7");
  assert.equal(resolveClientAddress("10.0.0.2", "198.51.100.20:51234", trusted), "198.51.100.20");
});

test("a trusted proxy with no header, only trusted hops, or garbage keeps the nearest address it can vouch for", () => {
  const trusted = parseTrustedProxies("10.0.0.0/8");
  assert.equal(resolveClientAddress("10.0.0.2", undefined, trusted), "10.0.0.2");
  assert.equal(resolveClientAddress("10.0.0.2", "10.0.0.9, 10.0.0.1", trusted), "10.0.0.9");
  assert.equal(resolveClientAddress("10.0.0.2", "198.51.100.20, not-an-ip", trusted), "10.0.0.2");
  assert.equal(resolveClientAddress("10.0.0.2", "1.2.3.4, not-an-ip, 10.0.0.1", trusted), "10.0.0.1");
});

test("loopback covers 127.0.0.0/8 and ::1; single addresses match exactly", () => {
  const trusted = parseTrustedProxies("loopback, 192.0.2.10, 2001:db8::10");
  for (const yes of ["127.0.0.1", "127.8.9.10", "::1", "192.0.2.10", "2001:db8::10"]) assert.ok(trusted.has(yes), yes);
  for (const no of ["192.0.2.11", "2001:db8::11", "10.0.0.1", "::2"]) assert.ok(!trusted.has(no), no);
  assert.deepEqual(trusted.entries, ["loopback", "192.0.2.10", "2001:db8::10"]);
});

test("a bad CADRE_TRUSTED_PROXIES entry is refused by name", () => {
  for (const bad of ["10.0.0.0/33", "fd00::/129", "example.com", "10.0.0.0/8/1", "10.0.0.0/x", "1.2.3"]) {
    assert.throws(
      () => parseTrustedProxies(`loopback,${bad}`),
      (err: Error) => err.message.includes(`"${bad}"`),
      bad,
    );
  }
});

test("normalizeAddress keeps plain IPs and drops what is not one", () => {
  assert.equal(normalizeAddress(" 203.0.113.7 "), "203.0.113.7");
  assert.equal(normalizeAddress("fe80::1%eth0"), "fe80::1");
  assert.equal(normalizeAddress("::FFFF:192.0.2.1"), "192.0.2.1");
  for (const bad of [undefined, "", "unknown", "_hidden", "1.2.3.4.5", "[::1"])
    assert.equal(normalizeAddress(bad), null, String(bad));
});
