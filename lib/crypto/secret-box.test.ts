import assert from "node:assert/strict";
import test from "node:test";
import {
  decryptSecret,
  ENCRYPTED_PREFIX,
  encryptSecret,
  generateEncryptionKey,
  isEncrypted,
  parseEncryptionKey,
  SecretUnreadableError,
} from "./secret-box";

const key = parseEncryptionKey(generateEncryptionKey());
const SECRET = "sk-ant-api03-secret-value-wxyz";

test("a secret round-trips, the stored form is versioned and never holds the secret, and each write uses a new IV", () => {
  const a = encryptSecret(SECRET, key, "anthropic.apiKey");
  const b = encryptSecret(SECRET, key, "anthropic.apiKey");
  assert.ok(a.startsWith(ENCRYPTED_PREFIX) && isEncrypted(a));
  assert.ok(!a.includes(SECRET));
  assert.notEqual(a, b);
  assert.equal(decryptSecret(a, key, "anthropic.apiKey"), SECRET);
  assert.equal(decryptSecret(encryptSecret("ünïcode ✓", key, "k"), key, "k"), "ünïcode ✓");
});

test("a value stored in plain text by an older version reads as it is", () => {
  assert.equal(isEncrypted(SECRET), false);
  assert.equal(decryptSecret(SECRET, key, "anthropic.apiKey"), SECRET);
});

test("another key, another setting's name, a changed byte or a shortened tag do not decrypt", () => {
  const stored = encryptSecret(SECRET, key, "skills.token");
  const unreadable = (fn: () => unknown) => assert.throws(fn, SecretUnreadableError);
  unreadable(() => decryptSecret(stored, parseEncryptionKey(generateEncryptionKey()), "skills.token"));
  unreadable(() => decryptSecret(stored, key, "anthropic.apiKey"));
  const [iv, tag, body] = stored.slice(ENCRYPTED_PREFIX.length).split(":");
  const flipped = Buffer.from(body, "base64url");
  flipped[0] ^= 1;
  unreadable(() =>
    decryptSecret(`${ENCRYPTED_PREFIX}${iv}:${tag}:${flipped.toString("base64url")}`, key, "skills.token"),
  );
  const shortTag = Buffer.from(tag, "base64url").subarray(0, 4).toString("base64url");
  unreadable(() => decryptSecret(`${ENCRYPTED_PREFIX}${iv}:${shortTag}:${body}`, key, "skills.token"));
  unreadable(() => decryptSecret(`${ENCRYPTED_PREFIX}${iv}:${body}`, key, "skills.token"));
  assert.ok(!new SecretUnreadableError("skills.token").message.includes(SECRET));
});

test("the key must be 32 bytes of hex", () => {
  assert.equal(parseEncryptionKey("ab".repeat(32)).length, 32);
  for (const bad of ["", "ab".repeat(31), "zz".repeat(32), "ab".repeat(33)])
    assert.throws(() => parseEncryptionKey(bad), /64 hex/);
});
