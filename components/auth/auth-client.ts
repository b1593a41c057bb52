// The browser's better-auth client (same origin: /api/auth/*).
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient();
