// What a scenario gets from bench/run.ts (its database is open, the environment set) and the data helpers they share.
import type { Figure } from "./figures";
import type { BenchEnv, BenchUser, BenchWeb, DatabaseKind } from "./harness";

export interface ScenarioContext {
  env: BenchEnv;
  kind: DatabaseKind;
  /** worker processes the scenario runs with */
  workers: number;
  /** BENCH_SCALE: 1 is the full size */
  scale: number;
  /** a line of progress on stderr */
  progress(message: string): void;
}

export type Scenario = (ctx: ScenarioContext) => Promise<Figure[]>;

/** `n` times the scale, at least `min`. */
export function scaled(ctx: ScenarioContext, n: number, min: number): number {
  return Math.max(min, Math.round(n * ctx.scale));
}

/** A number from the environment, or the default. */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number ≥ 0, not ${raw}`);
  return n;
}

export interface BenchAgent {
  id: string;
  name: string;
}

/** Creates `count` command agents through POST /api/agents (names `<prefix>-<i>`). */
export async function createAgents(
  web: BenchWeb,
  admin: BenchUser,
  prefix: string,
  count: number,
  fields: { command: string; concurrencyLimit: number; start?: boolean },
): Promise<BenchAgent[]> {
  const out: BenchAgent[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${prefix}-${i}`;
    const res = await web.request("POST", "/api/agents", {
      token: admin.token,
      body: { name, runtime: "command", ...fields },
    });
    if (res.status !== 201) throw new Error(`creating agent ${name}: ${res.status} ${JSON.stringify(res.body)}`);
    out.push({ id: res.body.agent.id, name });
  }
  return out;
}

export interface SeedSchedule {
  cron: string;
  timezone?: string;
  catchUpPolicy?: "latest" | "none";
}

/**
 * Writes schedule rows straight into the database with multi-row inserts (500 a statement): the workers started
 * after it arm them as at any start. `spec(i)` gives schedule i its expression; schedule i belongs to agent i mod count.
 */
export async function seedSchedules(agents: BenchAgent[], n: number, spec: (i: number) => SeedSchedule): Promise<void> {
  const { db } = await import("@/lib/db");
  const now = new Date();
  for (let base = 0; base < n; base += 500) {
    const data = [];
    for (let i = base; i < Math.min(n, base + 500); i++) {
      const s = spec(i);
      data.push({
        agentId: agents[i % agents.length].id,
        name: `bench-${i}`,
        cron: s.cron,
        timezone: s.timezone ?? "UTC",
        catchUpPolicy: s.catchUpPolicy ?? "latest",
        message: `tick ${i}`,
        createdAt: now,
        updatedAt: now,
      });
    }
    await db.schedule.createMany({ data });
  }
}

/** A 6-field expression for exactly this second of the day, in UTC. */
export function cronAt(at: Date): string {
  return `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *`;
}

/** The whole second at least `leadMs` from now. */
export function secondAfter(leadMs: number): Date {
  return new Date(Math.ceil((Date.now() + leadMs) / 1000) * 1000);
}

export type { Figure };
