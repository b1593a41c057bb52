// better-auth: email + password sign-in, cookie sessions, roles (admin plugin). Public sign-up is off:
// the first admin comes from the setup page (or CADRE_ADMIN_*), later users are added by admins.
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { admin } from "better-auth/plugins";
import { ownOriginList } from "@/lib/api/origin";
import { config } from "@/lib/config";
import { db, dialect } from "@/lib/db";
import { databaseRateLimitStore } from "./rate-limit-store";
import { signInGuard } from "./sign-in-guard";

/** The sign-in body's email when it has one; anything else is left to better-auth's own validation (400). */
function signInEmail(ctx: { path?: string; body?: unknown }): string | null {
  if (ctx.path !== "/sign-in/email") return null;
  const email = (ctx.body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? email : null;
}

function signInLocked(seconds: number): APIError {
  const message = `Too many failed attempts. Try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`;
  // X-Retry-After is what better-auth's own limiter sends (and what clients read); Retry-After is the standard name.
  const wait = String(seconds);
  return new APIError(
    "TOO_MANY_REQUESTS",
    { code: "SIGN_IN_LOCKED", message },
    { "Retry-After": wait, "X-Retry-After": wait },
  );
}

function createAuth() {
  const cfg = config();
  const guard = signInGuard(db);
  return betterAuth({
    appName: "Cadre",
    secret: cfg.secrets.auth,
    baseURL: cfg.publicUrl,
    // The same origins as every other route's check (lib/api/origin.ts), loopback aliases included.
    trustedOrigins: ownOriginList(cfg),
    database: prismaAdapter(db, { provider: dialect().name === "postgresql" ? "postgresql" : "sqlite" }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8, autoSignIn: false },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    telemetry: { enabled: false },
    // Cadre's server replaces x-forwarded-for with the one client address it resolved (the socket's, or a trusted
    // proxy's forwarded one), so the header names the client; a list of addresses is not trusted.
    advanced: { ipAddress: { ipAddressHeaders: ["x-forwarded-for"] } },
    rateLimit: {
      enabled: cfg.rateLimit,
      // In the database so every web process counts together; customStorage writes the same table.
      storage: "database",
      customStorage: databaseRateLimitStore(db),
      customRules: { "/sign-in/email": { window: 10, max: 3 } },
    },
    hooks: {
      // Per account, whatever the address: counted before the password is checked, refused while locked.
      before: createAuthMiddleware(async (ctx) => {
        const email = signInEmail(ctx);
        if (email === null) return;
        const attempt = await guard.begin(email);
        if (!attempt.allowed) throw signInLocked(attempt.retryAfterSeconds);
      }),
      after: createAuthMiddleware(async (ctx) => {
        const email = signInEmail(ctx);
        if (email !== null && ctx.context.newSession) await guard.succeeded(email);
      }),
    },
    plugins: [admin({ defaultRole: "user", adminRoles: ["admin"] }), nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as { cadreAuth?: Auth };

/** better-auth for this process, made on first use from the configuration (importing this module makes nothing). */
export function getAuth(): Auth {
  globalForAuth.cadreAuth ??= createAuth();
  return globalForAuth.cadreAuth;
}

/** getAuth() under the name better-auth's examples use: `auth.api.getSession(…)`. */
export const auth: Auth = new Proxy({} as Auth, {
  get: (_target, prop) => Reflect.get(getAuth(), prop),
  has: (_target, prop) => Reflect.has(getAuth(), prop),
});
