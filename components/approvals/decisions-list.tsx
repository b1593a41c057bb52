// Who decided what (a delegate: for whom), when, and what they said.
import { Time } from "@/components/app/time";
import type { ApprovalDecisionDto, Decision } from "@/lib/processes/schemas";
import { decidedWords } from "./decision-words";

const TONE: Record<Decision, string> = {
  approve: "text-emerald-700",
  reject: "text-rose-700",
  request_changes: "text-amber-800",
};

export function DecisionsList({ decisions }: { decisions: ApprovalDecisionDto[] }) {
  if (decisions.length === 0) return <p className="text-sm text-slate-600">No decisions yet.</p>;
  return (
    <ul aria-label="Decisions" className="space-y-2">
      {decisions.map((d) => (
        <li
          key={`${d.user.id}-${d.createdAt}`}
          className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm"
        >
          <p>
            <span className="font-medium text-slate-900">{d.user.name}</span>
            {d.onBehalfOf && <span className="text-slate-700"> for {d.onBehalfOf.name}</span>}{" "}
            <span className={`font-medium ${TONE[d.decision]}`}>
              {d.decision === "request_changes" ? "requested changes" : decidedWords(d.decision)}
            </span>{" "}
            <Time at={d.createdAt} past className="text-slate-600" />
          </p>
          {d.comment && <p className="mt-1 whitespace-pre-wrap text-slate-700">“{d.comment}”</p>}
        </li>
      ))}
    </ul>
  );
}
