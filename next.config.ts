import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and CLI packages run from node_modules as they are, never bundled.
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "@anthropic-ai/claude-code",
    // Bundling ws breaks its optional native helpers ("bufferUtil.mask is not a function").
    "socket.io-client",
    "ws",
  ],
  poweredByHeader: false,
};

export default nextConfig;
