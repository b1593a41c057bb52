"use client";
// Supporting files of a skill (templates, references, scripts): a path inside the skill folder and its text.
import { buttonClass } from "@/components/app/button";
import { inputClass } from "@/components/app/field";
import { newFileValue, type SkillFileValue } from "./skill-form-state";

interface SkillFilesFieldProps {
  files: SkillFileValue[];
  onChange: (files: SkillFileValue[]) => void;
  error?: string;
}

export function SkillFilesField({ files, onChange, error }: SkillFilesFieldProps) {
  const change = (key: string, patch: Partial<SkillFileValue>) =>
    onChange(files.map((f) => (f.key === key ? { ...f, ...patch } : f)));
  return (
    <fieldset
      aria-describedby={error ? "skill-files-error" : "skill-files-hint"}
      aria-invalid={error ? true : undefined}
      className="space-y-3"
    >
      <legend className="text-sm font-semibold text-slate-900">Supporting files</legend>
      <p id="skill-files-hint" className="text-xs text-slate-600">
        Text files written next to the instructions, e.g. <code>templates/report.md</code>. The instructions can refer
        to them by path.
      </p>
      {files.length === 0 && <p className="text-sm text-slate-600">No supporting files.</p>}
      <ul className="space-y-3">
        {files.map((file, index) => (
          <li key={file.key} className="space-y-2 rounded-md border border-slate-200 p-3">
            <div className="flex items-end gap-2">
              <div className="flex-1">
                <label htmlFor={`${file.key}-path`} className="mb-1 block text-xs font-medium text-slate-600">
                  Path of file {index + 1}
                </label>
                <input
                  id={`${file.key}-path`}
                  className={`${inputClass} font-mono`}
                  value={file.path}
                  onChange={(e) => change(file.key, { path: e.target.value })}
                  placeholder="templates/report.md"
                  autoComplete="off"
                  spellCheck={false}
                />
              </div>
              <button
                type="button"
                className={buttonClass("ghost", "sm")}
                onClick={() => onChange(files.filter((f) => f.key !== file.key))}
              >
                Remove<span className="sr-only"> file {file.path || index + 1}</span>
              </button>
            </div>
            <label htmlFor={`${file.key}-content`} className="sr-only">
              Content of {file.path || `file ${index + 1}`}
            </label>
            <textarea
              id={`${file.key}-content`}
              className={`${inputClass} font-mono text-xs`}
              rows={5}
              value={file.content}
              onChange={(e) => change(file.key, { content: e.target.value })}
              spellCheck={false}
            />
          </li>
        ))}
      </ul>
      {error && (
        <p id="skill-files-error" className="text-sm text-rose-600">
          {error}
        </p>
      )}
      <button
        type="button"
        className={buttonClass("secondary", "sm")}
        onClick={() => onChange([...files, newFileValue()])}
      >
        Add file
      </button>
    </fieldset>
  );
}
