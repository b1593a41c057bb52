// Labelled facts of a run (times, tokens, cost) in a grid, on an execution's details and on its run page.
export function FactList({ facts, columns }: { facts: [string, React.ReactNode][]; columns: 4 | 5 }) {
  return (
    <dl className={`grid grid-cols-2 gap-x-6 gap-y-2 text-xs ${columns === 4 ? "sm:grid-cols-4" : "sm:grid-cols-5"}`}>
      {facts.map(([label, value]) => (
        <div key={label}>
          <dt className="text-slate-600">{label}</dt>
          <dd className="font-medium text-slate-800">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
