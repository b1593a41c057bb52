// An agent that is not there (deleted, mistyped) gets a way back; other failures get a retry.
import Link from "next/link";
import { buttonClass } from "@/components/app/button";
import { EmptyState, ErrorNotice } from "@/components/app/states";
import { ApiError } from "@/lib/client/api";

export function AgentLoadError({ name, error, retry }: { name: string; error: unknown; retry: () => void }) {
  if (error instanceof ApiError && error.status === 404) {
    return (
      <EmptyState
        title={`There is no agent named "${name}"`}
        action={
          <Link href="/agents" className={buttonClass("secondary")}>
            All agents
          </Link>
        }
      >
        It may have been deleted or renamed.
      </EmptyState>
    );
  }
  return <ErrorNotice title="Could not load the agent" error={error} retry={retry} />;
}
