// better-auth: email + password sign-in, cookie sessions, roles (admin plugin). Public sign-up is off:
// the first admin comes from the setup page (or CADRE_ADMIN_*), later users are added by admins.
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { admin } from "better-auth/plugins";
import { nextCookies } from "better-auth/next-js";
import { db } from "../db";
import { serverEnv } from "../env";

function authSecret(): string {
  const env = serverEnv();
  if (env.BETTER_AUTH_SECRET) return env.BETTER_AUTH_SECRET;
  // `next build` loads this module to collect page data; no request is served with this value.
  if (process.env.NEXT_PHASE === "phase-production-build") return "cadre-build-phase-placeholder-secret";
  if (env.NODE_ENV === "production") throw new Error("BETTER_AUTH_SECRET is not set (npm start sets it)");
  return "cadre-development-auth-secret-change-me";
}

function createAuth() {
  const env = serverEnv();
  return betterAuth({
    appName: "Cadre",
    secret: authSecret(),
    baseURL: env.CADRE_PUBLIC_URL,
    trustedOrigins: [env.CADRE_PUBLIC_URL],
    database: prismaAdapter(db, { provider: "sqlite" }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8, autoSignIn: false },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    telemetry: { enabled: false },
    plugins: [admin({ defaultRole: "user", adminRoles: ["admin"] }), nextCookies()],
  });
}

const globalForAuth = globalThis as unknown as { cadreAuth?: ReturnType<typeof createAuth> };
export const auth = globalForAuth.cadreAuth ?? createAuth();
globalForAuth.cadreAuth = auth;
