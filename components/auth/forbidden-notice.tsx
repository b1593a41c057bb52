// Shown instead of an admin page to people who are not admins.
import Link from "next/link";

export function ForbiddenNotice({ what }: { what: string }) {
  return (
    <div role="alert" className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900">
      <p className="font-medium">Only admins can manage {what}.</p>
      <p className="mt-1">
        Ask an admin if you need a change.{" "}
        <Link href="/agents" className="underline">
          Back to agents
        </Link>
      </p>
    </div>
  );
}
