// Runs before every page: gives it a Content-Security-Policy with a fresh nonce (Next.js puts the nonce on its own
// scripts), and sends signed-out visitors of app pages to /sign-in?next=<path>. The sign-in check is only a quick
// look at the cookie: pages and API routes still verify the session themselves. A one-click decision link's confirm
// page works signed out, and its token is neither cached nor sent on as a referrer.
import { getSessionCookie } from "better-auth/cookies";
import { type NextRequest, NextResponse } from "next/server";
import { pageContentSecurityPolicy } from "./lib/api/security-headers";
import { config as cadreConfig } from "./lib/config";

const PUBLIC_PAGES = /^\/(setup|sign-in|approvals\/act)(\/|$)/;
const TOKEN_PAGES = /^\/approvals\/act\//;

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (!PUBLIC_PAGES.test(pathname) && !getSessionCookie(request)) {
    const url = request.nextUrl.clone();
    url.pathname = "/sign-in";
    url.search = "";
    if (pathname !== "/") url.searchParams.set("next", pathname + search);
    return NextResponse.redirect(url);
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const cfg = cadreConfig();
  const policy = pageContentSecurityPolicy({
    nonce,
    workerOrigin: new URL(cfg.worker.publicUrl).origin,
    development: cfg.nodeEnv === "development",
  });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  if (TOKEN_PAGES.test(pathname)) {
    response.headers.set("cache-control", "no-store");
    response.headers.set("referrer-policy", "no-referrer");
  }
  return response;
}

export const config = {
  // Every page: not the API (its headers come from next.config.ts), Next's own files, or files with an extension.
  matcher: ["/((?!api(?:/|$)|_next/|.*\\.[A-Za-z0-9]+$).*)"],
};
