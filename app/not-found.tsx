// Any address Cadre has no page for: said plainly, with the way back.
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";

export const metadata = { title: "Page not found · Cadre" };

export default function NotFound() {
  return (
    <AuthCard
      title="Page not found"
      intro="There is no page at this address. It may have moved, or the link may be mistyped."
    >
      <Link
        href="/agents"
        className="inline-flex rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        Go to agents
      </Link>
    </AuthCard>
  );
}
