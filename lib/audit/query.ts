// Reading the audit log: newest first, filtered, paged by an opaque cursor (createdAt, id). Admins read every entry;
// anyone else only the entries about agents they own — nothing about users, tokens, settings or other agents.
import type { Identity } from "@/lib/auth/identity";
import { db, dialect } from "@/lib/db";
import { Prisma } from "@/lib/db/client-types";
import { fieldError } from "@/lib/errors";
import { csvCell } from "@/lib/executions/runs-export";
import type { AuditEntryDto, AuditFilters, AuditPage } from "./schemas";

interface Position {
  createdAt: Date;
  id: string;
}

function encodeCursor(p: Position): string {
  return Buffer.from(JSON.stringify([p.createdAt.toISOString(), p.id])).toString("base64url");
}

function decodeCursor(cursor: string): Position {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    const createdAt = new Date(String(at));
    if (typeof at === "string" && typeof id === "string" && id !== "" && !Number.isNaN(createdAt.getTime()))
      return { createdAt, id };
  } catch {
    // answered below
  }
  throw fieldError("cursor", "The cursor is not one this list gave out; start again from the first page");
}

/** `_` and `%` in an action prefix are literal. */
const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function filterSql(f: AuditFilters, who: Identity): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (who.role !== "admin")
    where.push(Prisma.sql`a."agentId" IN (SELECT g."id" FROM "Agent" g WHERE g."ownerId" = ${who.userId})`);
  const { containsText } = dialect();
  if (f.actor)
    where.push(Prisma.sql`(a."actorId" = ${f.actor} OR ${containsText(Prisma.sql`a."actorLabel"`, f.actor)})`);
  if (f.action) {
    // "schedule" and "schedule." both mean every schedule.* action; a full action matches itself.
    const prefix = f.action.endsWith(".") ? f.action : `${f.action}.`;
    where.push(Prisma.sql`(a."action" = ${f.action} OR a."action" LIKE ${likePrefix(prefix)} ESCAPE '\\')`);
  }
  if (f.targetType) where.push(Prisma.sql`a."targetType" = ${f.targetType}`);
  if (f.agent) where.push(Prisma.sql`a."agentName" = ${f.agent}`);
  if (f.from) where.push(Prisma.sql`a."createdAt" >= ${new Date(f.from)}`);
  if (f.to) where.push(Prisma.sql`a."createdAt" < ${new Date(f.to)}`);
  if (f.q) {
    const columns = ["targetLabel", "targetId", "actorLabel", "agentName", "before", "after"];
    const any = columns.map((c) => containsText(Prisma.raw(`a."${c}"`), f.q as string));
    where.push(Prisma.sql`(${Prisma.join(any, " OR ")})`);
  }
  return where;
}

interface Row {
  id: string;
  createdAt: Date;
  actorId: string | null;
  actorLabel: string;
  ip: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  targetLabel: string | null;
  agentId: string | null;
  agentName: string | null;
  before: string | null;
  after: string | null;
}

function parseFields(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function toDto(r: Row): AuditEntryDto {
  return {
    id: r.id,
    createdAt: new Date(r.createdAt).toISOString(),
    actor: { id: r.actorId, label: r.actorLabel },
    ip: r.ip,
    action: r.action,
    target: { type: r.targetType, id: r.targetId, label: r.targetLabel },
    agent: r.agentId && r.agentName ? { id: r.agentId, name: r.agentName } : null,
    before: parseFields(r.before),
    after: parseFields(r.after),
  };
}

/** A page of entries, newest first. */
export async function listAudit(
  f: AuditFilters & { limit: number; cursor?: string },
  who: Identity,
): Promise<AuditPage> {
  const where = filterSql(f, who);
  if (f.cursor) {
    const p = decodeCursor(f.cursor);
    where.push(Prisma.sql`(a."createdAt" < ${p.createdAt} OR (a."createdAt" = ${p.createdAt} AND a."id" < ${p.id}))`);
  }
  const clause = where.length > 0 ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty;
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`SELECT a.* FROM "AuditEntry" a ${clause}
    ORDER BY a."createdAt" DESC, a."id" DESC LIMIT ${f.limit + 1}`);
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    entries: page.map(toDto),
    nextCursor:
      rows.length > f.limit && last ? encodeCursor({ createdAt: new Date(last.createdAt), id: last.id }) : null,
    scope: who.role === "admin" ? "all" : "own_agents",
  };
}

const EXPORT_PAGE = 500;

/** Up to `cap` entries with the filters, newest first; `truncated` when there were more. */
export async function exportAudit(
  f: AuditFilters,
  who: Identity,
  cap: number,
): Promise<{ entries: AuditEntryDto[]; truncated: boolean }> {
  const entries: AuditEntryDto[] = [];
  let cursor: string | undefined;
  while (entries.length <= cap) {
    const page = await listAudit({ ...f, limit: Math.min(EXPORT_PAGE, cap + 1 - entries.length), cursor }, who);
    entries.push(...page.entries);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { entries: entries.slice(0, cap), truncated: entries.length > cap };
}

const COLUMNS: [string, (e: AuditEntryDto) => string | null][] = [
  ["id", (e) => e.id],
  ["createdAt", (e) => e.createdAt],
  ["actor", (e) => e.actor.label],
  ["actorId", (e) => e.actor.id],
  ["ip", (e) => e.ip],
  ["action", (e) => e.action],
  ["targetType", (e) => e.target.type],
  ["targetId", (e) => e.target.id],
  ["target", (e) => e.target.label],
  ["agent", (e) => e.agent?.name ?? null],
  ["before", (e) => (e.before ? JSON.stringify(e.before) : null)],
  ["after", (e) => (e.after ? JSON.stringify(e.after) : null)],
];

/** RFC 4180 CSV with the spreadsheet formula guard of the runs export. */
export function auditToCsv(entries: AuditEntryDto[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(",")];
  for (const entry of entries) lines.push(COLUMNS.map(([, get]) => csvCell(get(entry))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
