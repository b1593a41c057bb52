// Sends signed-out visitors of app pages to /sign-in?next=<path>. Only a quick cookie check: pages and API routes
// still verify the session themselves (API routes answer 401 JSON, so they are left alone here).
import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";

export function proxy(request: NextRequest) {
  if (getSessionCookie(request)) return NextResponse.next();
  const { pathname, search } = request.nextUrl;
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = "";
  if (pathname !== "/") url.searchParams.set("next", pathname + search);
  return NextResponse.redirect(url);
}

export const config = {
  // Everything except the API, Next's own files, the setup and sign-in pages, and files with an extension.
  matcher: ["/((?!api(?:/|$)|_next/|setup(?:/|$)|sign-in(?:/|$)|.*\\.[A-Za-z0-9]+$).*)"],
};
