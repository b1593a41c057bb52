// The web process's environment, parsed once. Library code takes values from here, never from process.env.
import path from "node:path";
import { z } from "zod";

const EnvSchema = z.object({
  DATABASE_URL: z.string().default("file:./data/cadre.db"),
  CADRE_DATA_DIR: z.string().default("./data"),
  CADRE_PUBLIC_URL: z.string().url().default("http://localhost:3000"),
  /** more origins (comma-separated) that browsers may send changes from, e.g. a second host name */
  CADRE_TRUSTED_ORIGINS: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().url())),
  CADRE_WORKER_URL: z.string().url().default("http://localhost:3001"),
  CADRE_PUBLIC_WORKER_URL: z.string().url().optional(),
  CADRE_INTERNAL_SECRET: z.string().min(16).optional(),
  BETTER_AUTH_SECRET: z.string().min(16).optional(),
  /** per-address limits on /api/auth/* (sign-in: 3 per 10 s); "on" or "off", default on in production */
  CADRE_RATE_LIMIT: z.enum(["on", "off"]).optional(),
  /** 64 hex characters; encrypts stored secrets (npm start keeps it in data/secrets.json) */
  CADRE_ENCRYPTION_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters (32 bytes)").optional(),
  CADRE_ADMIN_EMAIL: z.string().email().optional(),
  CADRE_ADMIN_PASSWORD: z.string().min(8).optional(),
  ANTHROPIC_API_KEY: z.string().optional(),
  ANTHROPIC_BASE_URL: z.string().url().optional(),
  CADRE_CLAUDE_BIN: z.string().optional(),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

export type ServerEnv = z.infer<typeof EnvSchema> & { dataDir: string };

let cached: ServerEnv | undefined;

/** Parses the environment the first time it is needed; a bad value stops the process with a clear message. */
export function serverEnv(): ServerEnv {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${issues}`);
  }
  cached = { ...parsed.data, dataDir: path.resolve(parsed.data.CADRE_DATA_DIR) };
  return cached;
}

/** The secret shared by web and worker; required outside development so a default never ships. */
export function internalSecret(): string {
  const env = serverEnv();
  if (env.CADRE_INTERNAL_SECRET) return env.CADRE_INTERNAL_SECRET;
  if (process.env.NEXT_PHASE === "phase-production-build") return "cadre-build-phase-placeholder-secret";
  if (env.NODE_ENV === "production") throw new Error("CADRE_INTERNAL_SECRET is not set (npm start sets it)");
  return "cadre-development-internal-secret";
}
