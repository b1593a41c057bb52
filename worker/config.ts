// The worker's environment, parsed once at start; the parts get their settings from here, never from process.env.
import { z } from "zod";

/** Same fallback as the web process (lib/env.ts), so `npm run dev` + `npm run worker` agree without setup. */
const DEVELOPMENT_SECRET = "cadre-development-internal-secret";

const WorkerEnv = z
  .object({
    DATABASE_URL: z.string().min(1).default("file:./data/cadre.db"),
    CADRE_WORKER_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
    CADRE_WORKER_HOST: z.string().min(1).default("0.0.0.0"),
    CADRE_INTERNAL_SECRET: z.string().min(16).optional(),
    CADRE_PUBLIC_URL: z.string().url().default("http://localhost:3000"),
    CADRE_WEB_URL: z.string().url().default("http://127.0.0.1:3000"),
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    /** "off" runs the worker without firing schedules (e.g. a second worker that only serves sockets) */
    CADRE_SCHEDULER: z.enum(["on", "off"]).default("on"),
    /** completion fallback: how often the scheduler reads unfinished runs from the database */
    CADRE_SCHEDULER_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
    /** "off" runs the worker without advancing process runs (e.g. a second worker that only serves sockets) */
    CADRE_PROCESS_ENGINE: z.enum(["on", "off"]).default("on"),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.CADRE_INTERNAL_SECRET) {
      ctx.addIssue({ code: "custom", path: ["CADRE_INTERNAL_SECRET"], message: "required in production (npm start sets it)" });
    }
  });

export interface WorkerConfig {
  databaseUrl: string;
  port: number;
  host: string;
  internalSecret: string;
  /** the browser origin allowed to open sockets */
  publicUrl: string;
  /** where the worker reaches the web process's API */
  webUrl: string;
  nodeEnv: "development" | "production" | "test";
  scheduler: { enabled: boolean; pollMs: number };
  processes: { enabled: boolean };
}

/** Parses the environment; a bad value throws one message naming every wrong variable. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = WorkerEnv.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid worker environment: ${issues}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    port: e.CADRE_WORKER_PORT,
    host: e.CADRE_WORKER_HOST,
    internalSecret: e.CADRE_INTERNAL_SECRET ?? DEVELOPMENT_SECRET,
    publicUrl: e.CADRE_PUBLIC_URL,
    webUrl: e.CADRE_WEB_URL,
    nodeEnv: e.NODE_ENV,
    scheduler: { enabled: e.CADRE_SCHEDULER === "on", pollMs: e.CADRE_SCHEDULER_POLL_SECONDS * 1000 },
    processes: { enabled: e.CADRE_PROCESS_ENGINE === "on" },
  };
}
