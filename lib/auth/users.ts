// People: list, add, change role or name, set a password, remove. Passwords always go through better-auth's hasher.
// Each change writes its audit entry in its own transaction; adding a person goes through better-auth's createUser,
// which writes the user and the account itself, so that entry is written right after it succeeds.
import { isAPIError } from "better-auth/api";
import { type AuditActor, auditStatement, auditWrite, SYSTEM_ACTOR } from "@/lib/audit";
import { db, dialect, type Tx } from "@/lib/db";
import { retryWhileBusy } from "@/lib/db/errors";
import { conflict, notFound } from "@/lib/errors";
import { appendEvents, type OutboxEvent, withEvents } from "@/lib/events/outbox";
import { EVENT_VERSION, rooms } from "@/lib/realtime/events";
import { auth } from "./auth";
import { type Role, toRole } from "./identity";
import { type NewUser, NewUserSchema } from "./user-schemas";

export const userSelect = { id: true, email: true, name: true, role: true, createdAt: true, updatedAt: true } as const;

export interface UserDto {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
  updatedAt: Date;
}

type UserRow = { id: string; email: string; name: string; role: string; createdAt: Date; updatedAt: Date };

export const toUserDto = (row: UserRow): UserDto => ({ ...row, role: toRole(row.role) });

export async function listUsers(): Promise<UserDto[]> {
  const rows = await db.user.findMany({ select: userSelect, orderBy: [{ createdAt: "asc" }, { email: "asc" }] });
  return rows.map(toUserDto);
}

export async function getUserOrThrow(id: string): Promise<UserDto> {
  const row = await db.user.findUnique({ where: { id }, select: userSelect });
  if (!row) throw notFound("User");
  return toUserDto(row);
}

export async function findUserByEmail(email: string): Promise<UserDto | null> {
  const row = await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: userSelect });
  return row ? toUserDto(row) : null;
}

const duplicateEmail = (email: string) =>
  conflict(`A user with the email ${email} already exists`, [{ field: "email", message: "is already in use" }]);

/** Creates a person with an email + password account. Called without request headers: the caller checked access. */
export async function createUser(input: NewUser, actor: AuditActor = SYSTEM_ACTOR): Promise<UserDto> {
  const data = NewUserSchema.parse(input);
  if (await db.user.findUnique({ where: { email: data.email }, select: { id: true } }))
    throw duplicateEmail(data.email);
  try {
    const { user } = await auth.api.createUser({
      body: { email: data.email, name: data.name, password: data.password, role: data.role },
    });
    const after = { email: data.email, name: data.name, role: data.role };
    await auditWrite(db, actor, { action: "user.created", ...userTarget(user.id, data.email), after });
    return getUserOrThrow(user.id);
  } catch (err) {
    // A concurrent request with the same email got there first.
    if (isAPIError(err) && /already exists/i.test(err.message)) throw duplicateEmail(data.email);
    if ((err as { code?: unknown })?.code === "P2002") throw duplicateEmail(data.email);
    throw err;
  }
}

/** Drops the person's live connections: a browser reconnects with a token that carries what they may do now. */
/** access_changed closes the person's live connections on every worker (they reconnect with what they may see now). */
function accessChanged(userId: string): OutboxEvent {
  return {
    name: "access_changed",
    payload: { v: EVENT_VERSION, at: new Date().toISOString(), userId },
    rooms: [rooms.user(userId)],
  };
}

/** The audit log's target for a person: the email is kept as the label, so the entry reads well after removal. */
const userTarget = (id: string, email: string) => ({ targetType: "user", targetId: id, targetLabel: email });

export async function updateUser(
  actor: AuditActor & { userId: string },
  id: string,
  patch: { role?: Role; name?: string },
): Promise<UserDto> {
  const current = await getUserOrThrow(id);
  if (patch.role && patch.role !== current.role) {
    if (id === actor.userId) throw conflict("You cannot change your own role; ask another admin");
    const entry = {
      action: "user.role_changed",
      ...userTarget(id, current.email),
      before: { role: current.role },
      after: { role: patch.role },
    };
    if (patch.role === "user") await demoteAdmin(id, (tx) => auditWrite(tx, actor, entry));
    else
      await db.$transaction([
        db.user.update({ where: { id }, data: { role: patch.role } }),
        auditStatement(actor, entry),
      ]);
    await appendEvents(db, [accessChanged(id)]);
  }
  if (patch.name !== undefined && patch.name !== current.name) {
    const entry = {
      action: "user.updated",
      ...userTarget(id, current.email),
      before: { name: current.name },
      after: { name: patch.name },
    };
    await db.$transaction([
      db.user.update({ where: { id }, data: { name: patch.name } }),
      auditStatement(actor, entry),
    ]);
  }
  return getUserOrThrow(id);
}

/**
 * Locks every admin's row (PostgreSQL; SQLite's transactions already run one at a time), in one order: two changes
 * that could each leave the other as the last admin run one after the other, and the second's count sees the first.
 * Row locks rather than SERIALIZABLE: a serialization failure at COMMIT leaves the pg adapter's connection checked
 * out for good.
 */
async function lockAdmins(tx: Tx): Promise<void> {
  await tx.$queryRaw`SELECT "id" FROM "User" WHERE "role" = 'admin' ORDER BY "id" ${dialect().forUpdate}`;
}

/** One conditional write after the lock: the demotion only happens while another admin exists. */
async function demoteAdmin(id: string, audit: (tx: Tx) => Promise<void>): Promise<void> {
  const changed = await retryWhileBusy(() =>
    db.$transaction(async (tx) => {
      await lockAdmins(tx);
      const count = await tx.$executeRaw`
        UPDATE "User" SET "role" = 'user', "updatedAt" = ${new Date()}
        WHERE "id" = ${id} AND (SELECT COUNT(*) FROM "User" WHERE "role" = 'admin' AND "id" <> ${id}) > 0`;
      if (count > 0) await audit(tx);
      return count;
    }),
  );
  if (changed === 0) throw conflict("This is the last admin; make someone else an admin first");
}

/**
 * Sets a new password and ends everything signed in with the old one: the person's browser sessions and their API
 * tokens (a reset usually means the account may be in someone else's hands; the person makes new tokens).
 */
export async function setUserPassword(id: string, password: string, actor: AuditActor): Promise<void> {
  const user = await getUserOrThrow(id);
  const ctx = await auth.$context;
  const hash = await ctx.password.hash(password);
  if (await ctx.internalAdapter.findCredentialAccount(id)) {
    await ctx.internalAdapter.updatePassword(id, hash);
  } else {
    await ctx.internalAdapter.createAccount({ userId: id, providerId: "credential", accountId: id, password: hash });
  }
  // The entry goes with the sessions and tokens it ends (the password itself is written by better-auth's adapter).
  await withEvents(
    [
      db.session.deleteMany({ where: { userId: id } }),
      db.apiToken.deleteMany({ where: { userId: id } }),
      auditStatement(actor, {
        action: "user.password_reset",
        ...userTarget(id, user.email),
        after: { sessionsEnded: true, tokensRevoked: true },
      }),
    ],
    [accessChanged(id)],
  );
}

/**
 * Removes a person: their sessions, API tokens and conversations go with them (cascade); the agents they own pass
 * to the admin who removes them, so nothing stops running.
 */
export async function removeUser(
  actor: AuditActor & { userId: string },
  id: string,
): Promise<{ reassignedAgents: number }> {
  const actorId = actor.userId;
  if (id === actorId) throw conflict("You cannot remove yourself");
  const user = await getUserOrThrow(id);
  // Admins locked as for a demotion: two removals at once must not each leave the other as last admin.
  const result = await retryWhileBusy(() =>
    db.$transaction(async (tx) => {
      await lockAdmins(tx);
      // The agents pass to the actor, who may have been removed a moment ago by another admin.
      if (!(await tx.user.findFirst({ where: { id: actorId, role: "admin" }, select: { id: true } }))) {
        throw conflict("Your admin account was removed or demoted meanwhile");
      }
      const { count } = await tx.agent.updateMany({ where: { ownerId: id }, data: { ownerId: actorId } });
      await tx.session.deleteMany({ where: { userId: id } });
      await tx.apiToken.deleteMany({ where: { userId: id } });
      // The last-admin rule is part of the delete itself, so two admins removing each other cannot both succeed.
      const removed = await tx.$executeRaw`
      DELETE FROM "User" WHERE "id" = ${id}
      AND ("role" <> 'admin' OR (SELECT COUNT(*) FROM "User" WHERE "role" = 'admin' AND "id" <> ${id}) > 0)`;
      if (removed === 0) {
        const still = await tx.user.findUnique({ where: { id }, select: { id: true } });
        if (!still) throw notFound("User");
        throw conflict("This is the last admin and cannot be removed");
      }
      await appendEvents(tx, [accessChanged(id)]);
      await auditWrite(tx, actor, {
        action: "user.deleted",
        ...userTarget(id, user.email),
        before: { email: user.email, name: user.name, role: user.role },
        after: { agentsPassedTo: actor.label, reassignedAgents: count },
      });
      return { reassignedAgents: count };
    }),
  );
  return result;
}
