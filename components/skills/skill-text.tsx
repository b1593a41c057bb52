// Text of a skill shown as written: the instructions, a supporting file, a whole SKILL.md.
import type { SkillFileDto } from "@/lib/skills/schemas";

export function Preformatted({
  text,
  label,
  className = "max-h-[32rem]",
}: {
  text: string;
  label?: string;
  className?: string;
}) {
  return (
    <pre
      aria-label={label}
      tabIndex={0}
      className={`${className} overflow-auto rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap break-words text-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-600`}
    >
      {text || <span className="text-slate-600 italic">(empty)</span>}
    </pre>
  );
}

const formatSize = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);

/** Each file closed by default: its path and size, opened to read it. */
export function SkillFileList({ files }: { files: SkillFileDto[] }) {
  if (files.length === 0) return <p className="text-sm text-slate-600">No supporting files.</p>;
  return (
    <ul className="space-y-2">
      {files.map((file) => (
        <li key={file.path}>
          <details className="group rounded-md border border-slate-200">
            <summary className="flex cursor-pointer items-center justify-between gap-3 rounded-md px-3 py-2 text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600">
              <span className="font-mono text-slate-800">{file.path}</span>
              <span className="text-xs text-slate-600">{formatSize(file.size)}</span>
            </summary>
            <div className="border-t border-slate-100 p-2">
              <Preformatted text={file.content} label={file.path} className="max-h-80" />
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}
