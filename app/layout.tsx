import type { Metadata } from "next";
import "./globals.css";

// Every page is rendered per request, so that Next.js can put the request's CSP nonce (proxy.ts) on its scripts.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Cadre",
  description: "Run your team's AI agents",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
