"use client";
// A new process, started from the documented example; once created, its page opens.
import { useRouter } from "next/navigation";
import { ProcessEditor } from "./process-editor";
import { STARTER_PROCESS_YAML } from "./starter-template";

export function NewProcess() {
  const router = useRouter();
  return (
    <ProcessEditor initialYaml={STARTER_PROCESS_YAML} canChange onSaved={(p) => router.push(`/processes/${p.id}`)} />
  );
}
