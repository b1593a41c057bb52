// API reference: every operation of the HTTP API, read from GET /api/openapi.json, with its parameters and bodies.
import Link from "next/link";
import { ApiReferenceView } from "@/components/api-reference/api-reference-view";
import { PageHeader } from "@/components/app/page-header";
import { requireUser } from "@/lib/auth/session";

export const metadata = { title: "API reference · Cadre" };

export default async function ApiReferencePage() {
  await requireUser("/api-reference");
  return (
    <div className="space-y-6">
      <PageHeader
        title="API reference"
        description={
          <>
            Call these with an API token (<code>Authorization: Bearer cad_…</code>) from the{" "}
            <Link
              href="/tokens"
              className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
            >
              API tokens
            </Link>{" "}
            page. The OpenAPI document is at{" "}
            <a
              href="/api/openapi.json"
              className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
            >
              /api/openapi.json
            </a>
            .
          </>
        }
      />
      <ApiReferenceView />
    </div>
  );
}
