// First run: while nobody exists, one admin can be created (setup page or CADRE_ADMIN_* at start), with a demo agent.
import { ensureDemoAgent } from "@/lib/agents/demo";
import { FirstAdminSchema } from "@/lib/auth/user-schemas";
import { createUser, type UserDto } from "@/lib/auth/users";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { AppError, conflict } from "@/lib/errors";

const CLAIM_KEY = "setup.firstAdminClaim";
// A claim left by a process that died half-way through setup stops blocking after this long.
const STALE_CLAIM_MS = 60_000;

export async function isSetupNeeded(): Promise<boolean> {
  return (await db.user.count()) === 0;
}

const alreadySetUp = () => conflict("Cadre is already set up; sign in instead");

/** One conditional write decides which of two simultaneous setup requests may go on. */
async function claimSetup(): Promise<string | null> {
  const stamp = new Date().toISOString();
  try {
    await db.setting.create({ data: { key: CLAIM_KEY, value: stamp } });
    return stamp;
  } catch (err) {
    if ((err as { code?: unknown })?.code !== "P2002") throw err;
  }
  const row = await db.setting.findUnique({ where: { key: CLAIM_KEY } });
  if (!row || Date.now() - Date.parse(row.value) < STALE_CLAIM_MS) return null;
  const { count } = await db.setting.updateMany({
    where: { key: CLAIM_KEY, value: row.value },
    data: { value: stamp },
  });
  return count === 1 ? stamp : null;
}

async function releaseClaim(stamp: string): Promise<void> {
  await db.setting.deleteMany({ where: { key: CLAIM_KEY, value: stamp } });
}

/** Creates the first admin and the demo agent; 409 once anyone exists or while another setup is under way. */
export async function createFirstAdmin(input: { name: string; email: string; password: string }): Promise<UserDto> {
  const data = FirstAdminSchema.parse(input);
  if (!(await isSetupNeeded())) throw alreadySetUp();
  const stamp = await claimSetup();
  if (!stamp) throw conflict("Setup is already under way or done; sign in instead");
  let user: UserDto;
  try {
    if (!(await isSetupNeeded())) throw alreadySetUp();
    user = await createUser({ ...data, role: "admin" });
  } finally {
    await releaseClaim(stamp);
  }
  try {
    await ensureDemoAgent(user.id);
  } catch (err) {
    // The admin exists either way; a missing demo agent must not make setup look failed (it could not be retried).
    console.error("[setup] could not create the demo agent:", err instanceof Error ? err.message : err);
  }
  return user;
}

/**
 * At start: when CADRE_ADMIN_EMAIL and CADRE_ADMIN_PASSWORD are set and nobody exists yet, creates that admin.
 * Safe to call on every start and from several processes at once.
 */
export async function ensureAdminFromEnv(
  admin: { email?: string; password?: string } = config().admin,
): Promise<{ created: boolean }> {
  const { email, password } = admin;
  if (!email || !password) return { created: false };
  if (!(await isSetupNeeded())) return { created: false };
  try {
    await createFirstAdmin({ name: "Admin", email, password });
  } catch (err) {
    if (err instanceof AppError && err.code === "conflict") return { created: false };
    throw err;
  }
  console.log(`[setup] created the admin ${email.toLowerCase()} from CADRE_ADMIN_EMAIL`);
  return { created: true };
}
