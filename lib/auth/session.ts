// Who is looking at a page: helpers for server components and layouts (route handlers use lib/api/handler).
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { isSetupNeeded } from "@/lib/setup/first-run";
import { type Identity, identify, isAdmin } from "./identity";
import { isLocalPath } from "./next-path";

/** The signed-in person (session cookie or bearer token on the page request), or null. */
export async function getCurrentUser(): Promise<Identity | null> {
  return identify(await headers());
}

/** The signed-in person; sends everyone else to /sign-in (or to /setup while nobody exists yet). */
export async function requireUser(next?: string): Promise<Identity> {
  const who = await getCurrentUser();
  if (who) return who;
  if (await isSetupNeeded()) redirect("/setup");
  redirect(next && isLocalPath(next) ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
}
