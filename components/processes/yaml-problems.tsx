"use client";
// The definition's problems, each with where it is; choosing the place puts the caret there in the editor.
import type { YamlError } from "@/lib/processes/schemas";

interface Props {
  id: string;
  errors: YamlError[];
  onJump: (line: number, column: number | null) => void;
}

export function YamlProblems({ id, errors, onJump }: Props) {
  if (errors.length === 0) return null;
  return (
    <ul
      id={id}
      aria-label="Problems in the definition"
      className="mt-2 divide-y divide-rose-100 rounded-md border border-rose-200 bg-rose-50 text-sm"
    >
      {errors.map((e, i) => (
        <li
          // biome-ignore lint/suspicious/noArrayIndexKey: the problems are listed once per parse, in order; the line and message make the key unique
          key={`${i}-${e.line}-${e.column}-${e.message}`}
          className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-3 py-2 text-rose-800"
        >
          {e.line !== null ? (
            <button
              type="button"
              onClick={() => onJump(e.line!, e.column)}
              className="shrink-0 rounded-sm font-mono text-xs font-semibold text-rose-700 underline underline-offset-2 hover:text-rose-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
              Line {e.line}
              {e.column !== null && `, column ${e.column}`}
            </button>
          ) : (
            <span className="shrink-0 font-mono text-xs font-semibold text-rose-700">Whole definition</span>
          )}
          <span className="min-w-0">
            {e.path && <code className="mr-1.5 rounded bg-rose-100 px-1 py-0.5 text-xs">{e.path}</code>}
            {e.message}
          </span>
        </li>
      ))}
    </ul>
  );
}
