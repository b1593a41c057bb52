import type { NextConfig } from "next";
import { API_CONTENT_SECURITY_POLICY, COMMON_SECURITY_HEADERS, TOKEN_PAGE_HEADERS } from "./lib/api/security-headers";

const nextConfig: NextConfig = {
  // Native and CLI packages run from node_modules as they are, never bundled.
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
    "pg",
    "@anthropic-ai/claude-code",
    // Bundling ws breaks its optional native helpers ("bufferUtil.mask is not a function").
    "socket.io-client",
    "ws",
  ],
  poweredByHeader: false,
  // Pages get their Content-Security-Policy (with a nonce) from proxy.ts.
  async headers() {
    return [
      { source: "/:path*", headers: [...COMMON_SECURITY_HEADERS] },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
      // A one-click decision link carries its token in the address: never cached, never sent on as a referrer.
      { source: "/approvals/act/:token*", headers: [...TOKEN_PAGE_HEADERS] },
      { source: "/api/approvals/act", headers: [...TOKEN_PAGE_HEADERS] },
    ];
  },
};

export default nextConfig;
