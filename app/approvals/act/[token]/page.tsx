// The page a one-click decision link opens (signed in or not). It only shows what will be decided and for whom; the
// Confirm button's POST decides. A link that cannot be used gets a page saying why, and nothing is decided.
import type { Metadata } from "next";
import { ConfirmActionLink } from "@/components/approvals/confirm-action-link";
import { AuthCard } from "@/components/auth/auth-card";
import { type ActionLinkPreview, LinkRefused, previewActionLink } from "@/lib/approvals/action-links";
import { getCurrentUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

export const metadata: Metadata = {
  title: "Confirm a decision · Cadre",
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

const REFUSAL_TITLES: Record<string, string> = {
  used: "This link was already used",
  expired: "This link has expired",
  forwarded: "This link is for someone else",
  closed: "This approval is closed",
};

async function preview(token: string): Promise<ActionLinkPreview | { refused: string; message: string }> {
  try {
    return await previewActionLink(token, await getCurrentUser());
  } catch (err) {
    if (err instanceof LinkRefused) return { refused: err.reason, message: err.message };
    if (err instanceof AppError) return { refused: err.code, message: err.message };
    throw err;
  }
}

/** The token as written in the address; a broken escape is left as it is (and then refused as not a link). */
function decoded(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export default async function ActionLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const token = decoded((await params).token);
  const result = await preview(token);
  if ("refused" in result) {
    return (
      <AuthCard title={REFUSAL_TITLES[result.refused] ?? "This link cannot be used"}>
        <p role="alert" className="text-sm text-slate-700">
          {result.message}
        </p>
        <p className="mt-4 text-sm text-slate-600">
          Nothing was decided. Signed-in approvers can still decide on the approval's page in Cadre.
        </p>
      </AuthCard>
    );
  }
  const { approval, decision } = result;
  const verb = decision === "approve" ? "Approve" : "Reject";
  return (
    <AuthCard title={`${verb}: ${approval.title}`}>
      <dl className="space-y-3 text-sm">
        <div>
          <dt className="font-medium text-slate-700">Process</dt>
          <dd className="text-slate-900">{approval.processName}</dd>
        </div>
        <div>
          <dt className="font-medium text-slate-700">Step</dt>
          <dd className="text-slate-900">{approval.title}</dd>
        </div>
        {approval.description && (
          <div>
            <dt className="font-medium text-slate-700">Details</dt>
            <dd className="max-h-48 overflow-auto whitespace-pre-wrap break-words text-slate-900">
              {approval.description}
            </dd>
          </div>
        )}
        {approval.inputSummary.length > 0 && (
          <div>
            <dt className="font-medium text-slate-700">Run input</dt>
            <dd>
              <ul className="list-inside list-disc break-words text-slate-900">
                {approval.inputSummary.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </dd>
          </div>
        )}
        <div>
          <dt className="font-medium text-slate-700">Approvals so far</dt>
          <dd className="text-slate-900">
            {approval.approveCount} of {approval.requiredApprovals} needed
          </dd>
        </div>
      </dl>
      <ConfirmActionLink
        token={token}
        decision={decision}
        asEmail={result.forEmail}
        onBehalfOfEmail={result.onBehalfOfEmail}
        expiresAt={result.expiresAt}
      />
    </AuthCard>
  );
}
