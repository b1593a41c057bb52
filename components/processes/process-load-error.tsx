// A process or run that is not there (deleted, mistyped) gets a way back; other failures get a retry.
import Link from "next/link";
import { buttonClass } from "@/components/app/button";
import { EmptyState, ErrorNotice } from "@/components/app/states";
import { ApiError } from "@/lib/client/api";

export function ProcessLoadError({
  what,
  error,
  retry,
}: {
  what: "process" | "run";
  error: unknown;
  retry: () => void;
}) {
  if (error instanceof ApiError && error.status === 404) {
    return (
      <EmptyState
        title={`This ${what} is not there`}
        action={
          <Link href="/processes" className={buttonClass("secondary")}>
            All processes
          </Link>
        }
      >
        It may have been deleted, or the link is mistyped.
      </EmptyState>
    );
  }
  return <ErrorNotice title={`Could not load the ${what}`} error={error} retry={retry} />;
}
