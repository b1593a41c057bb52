"use client";
// What a sync from Git would do, before anything changes: grouped lists, the agents that lose each removed skill,
// then Confirm sync (applies exactly this plan) or Cancel.
import { useEffect, useRef } from "react";
import { buttonClass } from "@/components/app/button";
import { ApiError, errorMessage } from "@/lib/client/api";
import type { SkillSyncPreviewDto } from "@/lib/skills/schemas";

function Group({ label, count, children }: { label: string; count: number; children: React.ReactNode }) {
  const id = `sync-preview-${label.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  return (
    <div>
      <h4 id={id} className="text-xs font-medium text-slate-600">
        {label} ({count})
      </h4>
      {count === 0 ? (
        <p className="mt-0.5 text-sm text-slate-600">None</p>
      ) : (
        <ul aria-labelledby={id} className="mt-1 space-y-1 text-sm text-slate-800">
          {children}
        </ul>
      )}
    </div>
  );
}

const agentList = (agents: string[]) => agents.join(", ");

function PreviewLists({ preview }: { preview: SkillSyncPreviewDto }) {
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-1 xl:grid-cols-2">
      <Group label="Added" count={preview.added.length}>
        {preview.added.map((a) => (
          <li key={a.name}>
            <span className="font-mono text-xs">{a.name}</span>
            {a.restores.length > 0 && (
              <span className="block text-xs text-slate-600">Given back to: {agentList(a.restores)}</span>
            )}
          </li>
        ))}
      </Group>
      <Group label="Updated" count={preview.updated.length}>
        {preview.updated.map((name) => (
          <li key={name} className="font-mono text-xs">
            {name}
          </li>
        ))}
      </Group>
      <Group label="Removed" count={preview.removed.length}>
        {preview.removed.map((r) => (
          <li key={r.name}>
            <span className="font-mono text-xs">{r.name}</span>
            <span className="block text-xs text-slate-600">
              {r.agents.length > 0 ? `Agents that lose it: ${agentList(r.agents)}` : "No agent has it"}
            </span>
          </li>
        ))}
      </Group>
      <Group label="Kept (edited here)" count={preview.kept.length}>
        {preview.kept.map((name) => (
          <li key={name}>
            <span className="font-mono text-xs">{name}</span>
            <span className="block text-xs text-slate-600">Gone upstream; stays as a skill of this library</span>
          </li>
        ))}
      </Group>
      <Group label="Conflicts" count={preview.conflicts.length}>
        {preview.conflicts.map((c) => (
          <li key={c.name}>
            <span className="font-mono text-xs">{c.name}</span>
            <span className="block text-xs text-slate-600">{c.message}</span>
          </li>
        ))}
      </Group>
      <Group label="Invalid" count={preview.invalid.length}>
        {preview.invalid.map((line) => (
          <li key={line} className="text-xs break-words">
            {line}
          </li>
        ))}
      </Group>
    </div>
  );
}

export function SyncPreview({
  preview,
  confirming,
  running,
  error,
  onConfirm,
  onCancel,
  onPreviewAgain,
}: {
  preview: SkillSyncPreviewDto;
  confirming: boolean;
  running: boolean;
  error: unknown;
  onConfirm: () => void;
  onCancel: () => void;
  onPreviewAgain: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // A new plan is where the keyboard goes next (the button that asked for it is now off).
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new plan takes the focus
  useEffect(() => heading.current?.focus(), [preview.fingerprint]);
  const stale = error instanceof ApiError && error.status === 409;
  const changes =
    preview.added.length +
    preview.updated.length +
    preview.removed.length +
    preview.kept.length +
    preview.conflicts.length;
  const losing = preview.removed.filter((r) => r.agents.length > 0).length;
  return (
    <section
      aria-labelledby="sync-preview-heading"
      className="mt-5 space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4"
    >
      <h3
        id="sync-preview-heading"
        ref={heading}
        tabIndex={-1}
        className="text-sm font-semibold text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        Sync preview
      </h3>
      <p className="text-sm text-slate-700">
        At{" "}
        <code className="font-mono text-xs" title={preview.commit}>
          {preview.commit.slice(0, 7)}
        </code>{" "}
        of {preview.branch}. Nothing has changed yet: Confirm sync applies exactly this.
        {losing > 0 &&
          ` ${losing === 1 ? "One removed skill is" : `${losing} removed skills are`} assigned to agents; they get it back if it returns.`}
      </p>
      {changes === 0 ? (
        <p className="text-sm text-slate-700">The library already matches the repository.</p>
      ) : (
        <PreviewLists preview={preview} />
      )}
      {error != null && (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {errorMessage(error)}
        </p>
      )}
      <div className="flex flex-wrap items-center justify-end gap-2">
        <button type="button" className={buttonClass("secondary")} onClick={onCancel} disabled={confirming}>
          Cancel
        </button>
        {stale ? (
          <button type="button" className={buttonClass("primary")} onClick={onPreviewAgain}>
            Preview again
          </button>
        ) : (
          <button
            type="button"
            className={buttonClass(preview.removed.length > 0 ? "danger" : "primary")}
            onClick={onConfirm}
            disabled={confirming || running}
            title={running ? "A sync is running; wait for it to finish" : undefined}
          >
            {confirming ? "Syncing…" : "Confirm sync"}
          </button>
        )}
      </div>
    </section>
  );
}
