// Cross-site request forgery: a browser sends the session cookie with any request to Cadre, even one a foreign page
// makes (another port on the same host counts as same-site for SameSite=Lax). So a request that changes state and
// does not carry an API token is accepted only when its Origin (or, lacking one, its Referer) is Cadre's own.
import { AppError } from "@/lib/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** The names a browser on the machine itself may use for it (and Next.js prints the first). */
const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/**
 * The origins a browser may send changes from: the public URL's, plus any listed in CADRE_TRUSTED_ORIGINS; for one
 * on a loopback name (http://localhost:3000), the same scheme and port on the other loopback names as well
 * (http://127.0.0.1:3000, http://[::1]:3000) — only a browser on the machine itself can use those.
 */
export function ownOrigins(publicUrl: string, extra: readonly string[] = []): Set<string> {
  const origins = new Set<string>();
  for (const u of [publicUrl, ...extra]) {
    const url = new URL(u);
    origins.add(url.origin);
    if (!LOOPBACK_HOSTS.includes(url.hostname)) continue;
    for (const host of LOOPBACK_HOSTS) {
      const alias = new URL(url.origin);
      alias.hostname = host;
      origins.add(alias.origin);
    }
  }
  return origins;
}

/** ownOrigins of a configuration, as a list (for better-auth, Socket.IO's CORS and the pages). */
export function ownOriginList(c: { publicUrl: string; trustedOrigins: readonly string[] }): string[] {
  return [...ownOrigins(c.publicUrl, c.trustedOrigins)];
}

function originOf(value: string | null): string | null {
  if (!value || value === "null") return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/** The origin a browser says the request comes from: Origin, else Referer's origin, else null. */
export function requestOrigin(headers: Headers): string | null {
  return originOf(headers.get("origin")) ?? originOf(headers.get("referer"));
}

/** Whether the request authenticates with an API token, which a foreign page cannot make a browser send. */
export function carriesBearerToken(headers: Headers): boolean {
  return /^Bearer\s+\S+$/i.test(headers.get("authorization") ?? "");
}

/**
 * Throws 403 unless a state-changing request without an API token comes from one of Cadre's own origins.
 * A request with neither Origin nor Referer is refused too: every browser sends Origin on such requests. Where a
 * token does not identify anyone (better-auth's endpoints), it exempts nothing.
 */
export function assertSameOrigin(
  req: Request,
  allowed: Set<string>,
  opts: { tokensExempt?: boolean; home?: string } = {},
): void {
  if (!isStateChanging(req.method) || ((opts.tokensExempt ?? true) && carriesBearerToken(req.headers))) return;
  const origin = requestOrigin(req.headers);
  if (origin && allowed.has(origin)) return;
  const useInstead = opts.home ? `: open Cadre at ${opts.home}` : "";
  throw new AppError(
    "forbidden",
    origin
      ? `Requests that change something must come from Cadre's own pages; ${origin} is not one of them${useInstead}`
      : "Requests that change something must come from Cadre's own pages (no Origin or Referer header was sent)",
    [{ field: "origin", message: origin ? `${origin} is not allowed` : "missing" }],
  );
}
