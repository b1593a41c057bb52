// First run: create the admin account. Once anyone exists, the page sends people to sign in.
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { AuthCard } from "@/components/auth/auth-card";
import { SetupForm } from "@/components/auth/setup-form";
import { ownOriginList } from "@/lib/api/origin";
import { config } from "@/lib/config";
import { isSetupNeeded } from "@/lib/setup/first-run";

export const metadata = { title: "Set up Cadre" };

export default async function SetupPage() {
  await connection();
  if (!(await isSetupNeeded())) redirect("/sign-in");
  const cadre = config();
  return (
    <AuthCard
      title="Create the admin account"
      intro="Welcome to Cadre. This account manages people and settings; a demo agent is added for you."
    >
      <SetupForm home={cadre.publicUrl} origins={ownOriginList(cadre)} />
    </AuthCard>
  );
}
