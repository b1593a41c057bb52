"use client";
// One process: its YAML in the editor (read-only unless the viewer made it or is an admin), Start a run, its runs,
// and Delete. Live: runs arrive and change without reload.
import { useRouter } from "next/navigation";
import { Badge } from "@/components/app/badge";
import { DeleteButton } from "@/components/app/delete-button";
import { PageHeader } from "@/components/app/page-header";
import { LoadingBlock } from "@/components/app/states";
import { useViewer } from "@/components/app/viewer";
import { useDeleteProcess, useProcess } from "@/lib/client/processes";
import { ProcessEditor } from "./process-editor";
import { ProcessLoadError } from "./process-load-error";
import { ProcessRunsList } from "./process-runs-list";
import { StartRunForm } from "./start-run-form";
import { useLiveProcesses } from "./use-live-processes";

export function ProcessPage({ id }: { id: string }) {
  const viewer = useViewer();
  const router = useRouter();
  const process = useProcess(id);
  const remove = useDeleteProcess();
  useLiveProcesses();

  if (process.isPending) return <LoadingBlock label="Loading process…" />;
  if (process.isError) return <ProcessLoadError what="process" error={process.error} retry={() => process.refetch()} />;

  const p = process.data;
  const canChange = viewer.role === "admin" || p.createdBy?.id === viewer.userId;
  return (
    <>
      <PageHeader
        title={p.name}
        badge={<Badge>version {p.version}</Badge>}
        description={p.description || "No description."}
        actions={
          canChange && (
            <DeleteButton
              what="process"
              name={p.name}
              mutation={remove}
              variant="secondary"
              onConfirm={() => remove.mutate(p.id, { onSuccess: () => router.push("/processes") })}
            >
              Its finished runs are deleted with it. A run still going must be cancelled first.
            </DeleteButton>
          )
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 lg:col-span-2">
          <ProcessEditor key={p.id} process={p} initialYaml={p.yaml} canChange={canChange} />
        </div>
        <div className="space-y-6">
          <StartRunForm key={p.version} process={p} />
          <ProcessRunsList processId={p.id} />
        </div>
      </div>
    </>
  );
}
