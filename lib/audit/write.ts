// Writing the audit log: one AuditEntry row, in the transaction (or batch) of the change it records, so a change
// that fails leaves no entry and no change goes unrecorded. Entries are never edited (a trigger refuses UPDATE).
// Secrets never reach a row: fields whose name says secret, password, token or key are masked before writing.
import type { Identity } from "@/lib/auth/identity";
import { type Db, db, executeOn, type Sql, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/db/client-types";
import { newId } from "@/lib/db/ids";

/** Who made a change: the user (null for the system), a label that outlives the user, and the client's address. */
export interface AuditActor {
  userId: string | null;
  label: string;
  ip: string | null;
}

/** The worker's own changes (auto-pause, automatic resume, pruning). */
export const SYSTEM_ACTOR: AuditActor = { userId: null, label: "system", ip: null };

/** The actor of a request, from the identity the route handler made (lib/api/handler.ts sets its ip). */
export function auditActor(who: Identity): AuditActor {
  const label = who.via === "token" && who.tokenName ? `${who.email} (token ${who.tokenName})` : who.email;
  return { userId: who.userId, label, ip: who.ip ?? null };
}

type Fields = Record<string, unknown>;

/** What an entry records. `before`/`after`: for an edit only the fields that changed (see changedFields). */
export interface AuditRecord {
  action: string;
  targetType: string;
  targetId?: string | null;
  targetLabel?: string | null;
  /** the agent the change concerns: its owner sees the entry */
  agent?: { id: string; name: string } | null;
  before?: Fields | null;
  after?: Fields | null;
}

/** A field whose name ends like a secret's: `smtpPassword`, `webhookSecret`, `skills.token`, `anthropicApiKey`. */
const SECRET_NAME = /(secret|password|passwd|token|apikey|api_key|privatekey|private_key|credentials?)$|^key$/i;

/** A copy of `fields` (nested too) with every secret-looking field's value replaced by "••••" (or null when unset). */
export function maskSecrets(fields: Fields): Fields {
  const out: Fields = {};
  for (const [name, value] of Object.entries(fields)) {
    if (SECRET_NAME.test(name)) out[name] = value === null || value === undefined || value === "" ? null : "••••";
    else if (value && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date))
      out[name] = maskSecrets(value as Fields);
    else out[name] = value;
  }
  return out;
}

const plain = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : v === undefined ? null : v);
const same = (a: unknown, b: unknown) => JSON.stringify(plain(a)) === JSON.stringify(plain(b));

/**
 * The fields of `after` whose value differs from `before`, as two objects of just those fields (dates as ISO). Only
 * the keys of `after` are compared: pass the patch as `after` and the row as `before`.
 */
export function changedFields(before: Fields, after: Fields): { before: Fields; after: Fields } {
  const b: Fields = {};
  const a: Fields = {};
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined || same(before[key], value)) continue;
    b[key] = plain(before[key]);
    a[key] = plain(value);
  }
  return { before: b, after: a };
}

/** Longest JSON kept for `before` or `after`: a skill's body or a message can be long; the log keeps its start. */
const MAX_JSON = 16_000;

function json(fields: Fields | null | undefined): string | null {
  if (!fields) return null;
  const text = JSON.stringify(maskSecrets(fields), (_key, value) =>
    typeof value === "bigint" ? Number(value) : value,
  );
  return text.length <= MAX_JSON ? text : JSON.stringify({ truncated: true, start: text.slice(0, MAX_JSON) });
}

function insert(actor: AuditActor, record: AuditRecord, at: Date): Prisma.Sql {
  return Prisma.sql`INSERT INTO "AuditEntry" ("id", "createdAt", "actorId", "actorLabel", "ip", "action", "targetType",
      "targetId", "targetLabel", "agentId", "agentName", "before", "after")
    VALUES (${newId()}, ${at}, ${actor.userId}, ${actor.label.slice(0, 300)}, ${actor.ip}, ${record.action},
      ${record.targetType}, ${record.targetId ?? null}, ${record.targetLabel?.slice(0, 300) ?? null},
      ${record.agent?.id ?? null}, ${record.agent?.name ?? null}, ${json(record.before)}, ${json(record.after)})`;
}

/** Records an entry inside the caller's transaction: Prisma's interactive one or a plain-SQL one (lib/db/sql.ts). */
export async function auditWrite(tx: Sql | Tx, actor: AuditActor, record: AuditRecord, at = new Date()): Promise<void> {
  await executeOn(tx, insert(actor, record, at));
}

/** The entry as a statement for a batch transaction: `db.$transaction([change, auditStatement(actor, …)])`. */
export function auditStatement(actor: AuditActor, record: AuditRecord, client: Db = db): Prisma.PrismaPromise<number> {
  return client.$executeRaw(insert(actor, record, new Date()));
}
