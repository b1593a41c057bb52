// A labelled block of text an agent or a template produced, kept as written and scrollable when long.
export function OutputBlock({ label, text }: { label: string; text: string | null }) {
  return (
    <figure className="min-w-0">
      <figcaption className="mb-1 text-xs font-medium text-slate-600">{label}</figcaption>
      {text ? (
        <pre
          tabIndex={0}
          aria-label={label}
          className="max-h-64 overflow-auto rounded-md border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-xs whitespace-pre-wrap text-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-600"
        >
          {text}
        </pre>
      ) : (
        <p className="text-sm text-slate-600">Empty</p>
      )}
    </figure>
  );
}
