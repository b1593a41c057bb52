// Secrets at rest (the Anthropic key, the Git sync token): AES-256-GCM with a random IV, stored as
// "enc:v1:<iv>:<tag>:<ciphertext>" (base64url). The setting's name is bound in as associated data, so a value copied
// into another row does not decrypt. The key lives in data/secrets.json, never in the database beside the values.
import crypto from "node:crypto";

export const ENCRYPTED_PREFIX = "enc:v1:";
const IV_BYTES = 12;
const KEY_BYTES = 32;
const TAG_BYTES = 16;

export class SecretUnreadableError extends Error {
  constructor(readonly context: string) {
    super(`the stored value of ${context} cannot be decrypted with this server's encryption key`);
    this.name = "SecretUnreadableError";
  }
}

/** 64 hex characters → the 32-byte key; anything else throws (the value itself is never echoed). */
export function parseEncryptionKey(hex: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`the encryption key must be ${KEY_BYTES * 2} hex characters`);
  return Buffer.from(hex, "hex");
}

export function generateEncryptionKey(): string {
  return crypto.randomBytes(KEY_BYTES).toString("hex");
}

export function isEncrypted(stored: string): boolean {
  return stored.startsWith(ENCRYPTED_PREFIX);
}

export function encryptSecret(plain: string, key: Buffer, context: string): string {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url"));
  return ENCRYPTED_PREFIX + parts.join(":");
}

/** A value written before encryption existed is returned as it is (it is re-encrypted on the next write). */
export function decryptSecret(stored: string, key: Buffer, context: string): string {
  if (!isEncrypted(stored)) return stored;
  const parts = stored.slice(ENCRYPTED_PREFIX.length).split(":");
  if (parts.length !== 3) throw new SecretUnreadableError(context);
  const [iv, tag, body] = parts.map((p) => Buffer.from(p, "base64url"));
  try {
    // The tag length is fixed: GCM would otherwise accept a truncated tag, which is easier to forge.
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretUnreadableError(context);
  }
}
