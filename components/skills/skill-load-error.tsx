// A skill that is not there (deleted, mistyped, not a valid name) gets a way back; other failures get a retry.
import Link from "next/link";
import { buttonClass } from "@/components/app/button";
import { EmptyState, ErrorNotice } from "@/components/app/states";
import { ApiError } from "@/lib/client/api";

export function SkillLoadError({ name, error, retry }: { name: string; error: unknown; retry: () => void }) {
  if (error instanceof ApiError && (error.status === 404 || error.status === 400)) {
    return (
      <EmptyState
        title={`There is no skill named "${name}"`}
        action={
          <Link href="/skills" className={buttonClass("secondary")}>
            Skills library
          </Link>
        }
      >
        {error.status === 400
          ? error.message
          : "It may have been deleted, or removed from its Git repository by a sync."}
      </EmptyState>
    );
  }
  return <ErrorNotice title="Could not load the skill" error={error} retry={retry} />;
}
