// Creates people the way the product does (better-auth admin API) and gives each an API token.

import { createApiToken } from "@/lib/auth/api-tokens";
import { auth } from "@/lib/auth/auth";

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: "admin" | "user";
  token: string;
}

let n = 0;

export async function createTestUser(role: "admin" | "user" = "user", email?: string): Promise<TestUser> {
  n += 1;
  const address = email ?? `${role}${n}-${Date.now()}@example.com`;
  const password = `password-${n}-${Date.now()}`;
  const { user } = await auth.api.createUser({ body: { email: address, password, name: `${role} ${n}`, role } });
  const { token } = await createApiToken(user.id, "tests");
  return { id: user.id, email: address, password, role, token };
}
