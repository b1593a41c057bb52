// The Anthropic key and the Git sync token are encrypted in the database with CADRE_ENCRYPTION_KEY; values an older
// version stored in plain text still work and are encrypted at boot; a value the key cannot open counts as unset.
// None of them shows up in a response or a log line.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import test from "node:test";
import { setupTestEnv } from "./support/env";

const ENCRYPTION_KEY = crypto.randomBytes(32).toString("hex");
const ENV_KEY = "sk-ant-env-fallback-abcd";
setupTestEnv("secrets-at-rest", { CADRE_ENCRYPTION_KEY: ENCRYPTION_KEY, ANTHROPIC_API_KEY: ENV_KEY });

// Every line printed while the test runs, to check that no secret is ever logged.
const printed: string[] = [];
for (const level of ["log", "info", "warn", "error"] as const) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    printed.push(
      args
        .map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === "string" ? a : JSON.stringify(a)))
        .join(" "),
    );
    original(...args);
  };
}

const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { db } = await import("@/lib/db");
const { getAnthropicConfig } = await import("@/lib/settings");
const { getSyncSettings } = await import("@/lib/skills/sync");
const { bootWebProcess } = await import("@/lib/server/boot");
const { encryptSecret, parseEncryptionKey } = await import("@/lib/crypto/secret-box");
const settingsRoute = await import("@/app/api/settings/route");
const syncRoute = await import("@/app/api/skills/sync/route");

const admin = await createTestUser("admin");
const API_KEY = "sk-ant-api03-stored-secret-value-wxyz";
const GIT_TOKEN = "ghp_storedSyncToken0123456789abcdef";
const responses: unknown[] = [];

async function api(mod: Record<string, unknown>, method: string, url: string, body?: unknown) {
  const res = await call(mod, method, url, { token: admin.token, body });
  responses.push(res.body);
  return res;
}

const rawSetting = async (key: string) => (await db.setting.findUnique({ where: { key } }))?.value ?? null;

test("saved through the API, both secrets are stored encrypted and read back in clear only by the server", async () => {
  const saved = await api(settingsRoute, "PUT", "/api/settings", { anthropicApiKey: API_KEY });
  assert.equal(saved.status, 200);
  assert.equal(saved.body.anthropic.apiKeyPreview, "sk-ant…wxyz");
  const sync = await api(syncRoute, "PUT", "/api/skills/sync", {
    repoUrl: "https://git.example.com/skills.git",
    token: GIT_TOKEN,
  });
  assert.equal(sync.status, 200);
  assert.equal(sync.body.settings.tokenSet, true);

  const storedKey = await rawSetting("anthropic.apiKey");
  const storedToken = await rawSetting("skills.token");
  assert.match(storedKey ?? "", /^enc:v1:/);
  assert.match(storedToken ?? "", /^enc:v1:/);
  assert.ok(!storedKey!.includes(API_KEY) && !storedToken!.includes(GIT_TOKEN));
  assert.equal((await getAnthropicConfig()).apiKey, API_KEY);
  assert.equal((await getSyncSettings()).token, GIT_TOKEN);
  assert.equal(await rawSetting("skills.repoUrl"), "https://git.example.com/skills.git", "only secrets are encrypted");

  // The same value written again is a new ciphertext (random IV).
  await api(settingsRoute, "PUT", "/api/settings", { anthropicApiKey: API_KEY });
  assert.notEqual(await rawSetting("anthropic.apiKey"), storedKey);
});

test("plain-text values from an older version are used as they are, then encrypted at boot", async () => {
  const OLD_KEY = "sk-ant-api03-legacy-plain-value-9876";
  const OLD_TOKEN = "ghp_legacyPlainToken9876543210";
  await db.setting.update({ where: { key: "anthropic.apiKey" }, data: { value: OLD_KEY } });
  await db.setting.update({ where: { key: "skills.token" }, data: { value: OLD_TOKEN } });
  assert.equal((await getAnthropicConfig()).apiKey, OLD_KEY);
  assert.equal((await getSyncSettings()).token, OLD_TOKEN);

  await bootWebProcess();
  assert.match((await rawSetting("anthropic.apiKey")) ?? "", /^enc:v1:/);
  assert.match((await rawSetting("skills.token")) ?? "", /^enc:v1:/);
  assert.equal((await getAnthropicConfig()).apiKey, OLD_KEY);
  assert.equal((await getSyncSettings()).token, OLD_TOKEN);
  const again = (await rawSetting("anthropic.apiKey"))!;
  await bootWebProcess();
  assert.equal(await rawSetting("anthropic.apiKey"), again, "an encrypted value is left alone by the next boot");
  assert.ok(!printed.join("\n").includes(OLD_KEY) && !printed.join("\n").includes(OLD_TOKEN));
});

test("a value another key encrypted counts as unset (the environment's key applies) until it is saved again", async () => {
  const otherKey = parseEncryptionKey(crypto.randomBytes(32).toString("hex"));
  await db.setting.update({
    where: { key: "anthropic.apiKey" },
    data: { value: encryptSecret(API_KEY, otherKey, "anthropic.apiKey") },
  });
  await db.setting.update({
    where: { key: "skills.token" },
    data: { value: encryptSecret(GIT_TOKEN, otherKey, "skills.token") },
  });
  assert.equal((await getAnthropicConfig()).apiKey, ENV_KEY);
  assert.equal((await getSyncSettings()).token, null);
  const view = await api(settingsRoute, "GET", "/api/settings");
  assert.equal(view.status, 200);
  assert.equal(view.body.anthropic.apiKeyFromEnv, true);
  assert.equal((await api(syncRoute, "GET", "/api/skills/sync")).body.settings.tokenSet, false);
  assert.ok(
    printed.some((line) => line.includes("anthropic.apiKey cannot be decrypted")),
    "the unreadable value is reported",
  );

  // A value swapped in from another row is refused too: the setting's name is part of what is authenticated.
  const key = parseEncryptionKey(ENCRYPTION_KEY);
  await db.setting.update({
    where: { key: "anthropic.apiKey" },
    data: { value: encryptSecret(GIT_TOKEN, key, "skills.token") },
  });
  assert.equal((await getAnthropicConfig()).apiKey, ENV_KEY);

  await api(settingsRoute, "PUT", "/api/settings", { anthropicApiKey: API_KEY });
  assert.equal((await getAnthropicConfig()).apiKey, API_KEY);
});

test("cleared secrets leave no row", async () => {
  await api(settingsRoute, "PUT", "/api/settings", { anthropicApiKey: null });
  await api(syncRoute, "PUT", "/api/skills/sync", { token: "" });
  assert.equal(await rawSetting("anthropic.apiKey"), null);
  assert.equal(await rawSetting("skills.token"), null);
});

test("no response and no log line carried a secret", () => {
  const seen = JSON.stringify(responses) + "\n" + printed.join("\n");
  for (const secret of [API_KEY, GIT_TOKEN, ENCRYPTION_KEY]) assert.ok(!seen.includes(secret), "a secret was shown");
});
