// Sign in with email and password. `next` is honoured only for same-site paths.
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { ownOriginList } from "@/lib/api/origin";
import { safeNextPath } from "@/lib/auth/next-path";
import { getCurrentUser } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { isSetupNeeded } from "@/lib/setup/first-run";

export const metadata = { title: "Sign in · Cadre" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next: raw } = await searchParams;
  const next = safeNextPath(typeof raw === "string" ? raw : null);
  if (await getCurrentUser()) redirect(next);
  if (await isSetupNeeded()) redirect("/setup");
  const cadre = config();
  return (
    <AuthCard title="Sign in">
      <SignInForm next={next} home={cadre.publicUrl} origins={ownOriginList(cadre)} />
    </AuthCard>
  );
}
