// Personal API tokens: for scripts and other programs calling the Cadre API.
import Link from "next/link";
import { buttonClass } from "@/components/app/button";
import { PageHeader } from "@/components/app/page-header";
import { CreateTokenForm } from "@/components/people/create-token-form";
import { TokenList } from "@/components/people/token-list";
import { requireUser } from "@/lib/auth/session";

export const metadata = { title: "API tokens · Cadre" };

export default async function TokensPage() {
  await requireUser("/tokens");
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <PageHeader
        title="API tokens"
        description="A token acts as you in the Cadre API. Revoke one you no longer use."
        actions={
          <Link href="/api-reference" className={buttonClass("secondary")}>
            API reference
          </Link>
        }
      />
      <CreateTokenForm />
      <TokenList />
    </div>
  );
}
