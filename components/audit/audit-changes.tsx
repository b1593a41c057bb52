// What an entry changed, readable: one line a field, "before → after" for an edit, the values alone for something
// created or deleted. Values are shown as JSON text, never as markup.
import type { AuditEntryDto } from "@/lib/audit/schemas";

const show = (value: unknown): string => {
  if (value === null || value === undefined) return "—";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
};

export function AuditChanges({ entry }: { entry: AuditEntryDto }) {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  if (fields.length === 0) return <span className="text-slate-500">—</span>;
  const edit = entry.before !== null && entry.after !== null;
  return (
    <dl className="space-y-0.5 text-xs">
      {fields.map((field) => (
        <div key={field} className="flex flex-wrap gap-x-1.5">
          <dt className="font-medium text-slate-700">{field}:</dt>
          <dd className="min-w-0 break-words font-mono text-slate-800">
            {edit ? (
              <>
                <del className="text-rose-800 decoration-rose-400">{show(before[field])}</del>
                <span aria-hidden> → </span>
                <span className="sr-only"> changed to </span>
                <ins className="text-emerald-800 no-underline">{show(after[field])}</ins>
              </>
            ) : (
              show(field in after ? after[field] : before[field])
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
