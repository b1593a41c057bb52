// Settings that are secrets (the Anthropic key, the Git sync token) are encrypted in the database with the key
// from CADRE_ENCRYPTION_KEY. Values stored in plain text by older versions are read as they are and encrypted at
// the next boot (or the next write).

import { config } from "@/lib/config";
import {
  decryptSecret,
  encryptSecret,
  isEncrypted,
  parseEncryptionKey,
  SecretUnreadableError,
} from "@/lib/crypto/secret-box";
import { db, type Tx } from "@/lib/db";

/** Every setting whose value is a secret; the boot migration encrypts exactly these. */
export const SECRET_SETTING_KEYS = [
  "anthropic.apiKey",
  "skills.token",
  "notifications.smtpPassword",
  "notifications.slackWebhookUrl",
] as const;
export type SecretSettingKey = (typeof SECRET_SETTING_KEYS)[number];

function encryptionKey(): Buffer {
  return parseEncryptionKey(config().secrets.encryptionKey);
}

const warned = new Set<string>();

/**
 * The secret in clear, or null when unset. A value this server's key cannot decrypt (data/secrets.json replaced,
 * CADRE_ENCRYPTION_KEY changed) counts as unset, so an admin can set it again; it is reported once, without it.
 */
export async function getSecretSetting(key: SecretSettingKey, tx: Tx = db): Promise<string | null> {
  const stored = (await tx.setting.findUnique({ where: { key } }))?.value ?? null;
  if (stored === null) return null;
  try {
    return decryptSecret(stored, encryptionKey(), key);
  } catch (err) {
    if (!(err instanceof SecretUnreadableError)) throw err;
    if (!warned.has(key)) console.warn(`[settings] ${err.message}; it is treated as not set until it is entered again`);
    warned.add(key);
    return null;
  }
}

/** Stores the secret encrypted; null or "" clears it. */
export async function setSecretSetting(key: SecretSettingKey, value: string | null, tx: Tx = db): Promise<void> {
  warned.delete(key);
  if (!value) {
    await tx.setting.deleteMany({ where: { key } });
    return;
  }
  const stored = encryptSecret(value, encryptionKey(), key);
  await tx.setting.upsert({ where: { key }, create: { key, value: stored }, update: { value: stored } });
}

/** At boot: secrets stored in plain text by an older version are encrypted in place; returns how many. */
export async function encryptPlainSecrets(): Promise<number> {
  let count = 0;
  const rows = await db.setting.findMany({ where: { key: { in: [...SECRET_SETTING_KEYS] } } });
  for (const { key, value: stored } of rows) {
    if (isEncrypted(stored)) continue;
    // Conditional on the old value, so a write that lands in between is not overwritten.
    const res = await db.setting.updateMany({
      where: { key, value: stored },
      data: { value: encryptSecret(stored, encryptionKey(), key) },
    });
    count += res.count;
  }
  return count;
}
