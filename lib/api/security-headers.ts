// The security headers of every response: no framing, no MIME sniffing, no referrer to other sites, and a
// Content-Security-Policy — a strict one for the API (JSON never runs anything), one with a per-request nonce for pages.

/** Sent with every response (next.config.ts). */
export const COMMON_SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];

/** Pages and answers that carry a one-click link's token (listed after the common headers, so these win). */
export const TOKEN_PAGE_HEADERS: readonly { key: string; value: string }[] = [
  { key: "Cache-Control", value: "no-store" },
  { key: "Referrer-Policy", value: "no-referrer" },
];

/** The API answers JSON only: nothing in a response may load or run anything, or be framed. */
export const API_CONTENT_SECURITY_POLICY =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export interface PagePolicyOptions {
  nonce: string;
  /** the worker's origin, which the browser's live connection (Socket.IO: HTTP, then WebSocket) goes to */
  workerOrigin: string;
  /** `next dev` evaluates code for fast refresh */
  development?: boolean;
}

function webSocketOrigin(httpOrigin: string): string {
  return httpOrigin.replace(/^http/, "ws");
}

/** A page's policy: scripts only with the nonce (and what they load), the API and the worker as the only connections. */
export function pageContentSecurityPolicy({ nonce, workerOrigin, development = false }: PagePolicyOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // React sets style attributes (widths of bars and charts); styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${workerOrigin} ${webSocketOrigin(workerOrigin)}${development ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
