"use client";
// Sync from Git (admins): where the library comes from, a preview of the sync, its confirmation, and what the last
// sync did.
import { useState } from "react";
import { buttonClass } from "@/components/app/button";
import { Field, inputClass } from "@/components/app/field";
import { ErrorNotice, LoadingBlock } from "@/components/app/states";
import { ApiError, errorMessage } from "@/lib/client/api";
import { useConfirmSync, usePreviewSync, useSaveSyncSettings, useSkillSync } from "@/lib/client/skills";
import type { SkillSyncPreviewDto, SkillSyncStatusDto } from "@/lib/skills/schemas";
import { SyncPreview } from "./sync-preview";
import { SyncResult } from "./sync-result";

type Settings = SkillSyncStatusDto["settings"];

/** "Sync settings saved." is said until the settings are edited again. */
type Notice = { kind: "saved" } | null;

interface PreviewControl {
  pending: boolean;
  error: unknown;
  /** a preview is shown */
  open: boolean;
  request: () => void;
  /** the settings changed: a preview of the old ones no longer holds */
  drop: () => void;
}

function SyncSettingsForm({ settings, preview }: { settings: Settings; preview: PreviewControl }) {
  const save = useSaveSyncSettings();
  const [repoUrl, setRepoUrl] = useState(settings.repoUrl ?? "");
  const [branch, setBranch] = useState(settings.branch);
  const [folder, setFolder] = useState(settings.folder);
  const [token, setToken] = useState("");
  const [clearToken, setClearToken] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  const saveError = save.error instanceof ApiError ? save.error : null;
  const fieldError = (field: string) => saveError?.fieldError(field);
  const otherSaveError =
    save.error && !["repoUrl", "branch", "folder", "token"].some((f) => fieldError(f))
      ? errorMessage(save.error)
      : null;
  const dirty =
    repoUrl !== (settings.repoUrl ?? "") ||
    branch !== settings.branch ||
    folder !== settings.folder ||
    token !== "" ||
    clearToken;
  const noticeText = notice?.kind === "saved" && !dirty ? "Sync settings saved." : "";

  function onSave(event: React.FormEvent) {
    event.preventDefault();
    const body = {
      repoUrl: repoUrl.trim(),
      branch: branch.trim() || "main",
      folder: folder.trim(),
      ...(clearToken ? { token: "" } : token ? { token } : {}),
    };
    save.mutate(body, {
      onSuccess: () => {
        setToken("");
        setClearToken(false);
        setNotice({ kind: "saved" });
        preview.drop();
      },
    });
  }

  function onPreview() {
    setNotice(null);
    preview.request();
  }

  const tokenHint = settings.tokenSet
    ? "Set. Leave empty to keep it."
    : "Not set. Only needed for a private repository.";
  return (
    <form onSubmit={onSave} noValidate className="mt-4 space-y-4">
      <Field
        id="sync-repo-url"
        label="Repository URL"
        error={fieldError("repoUrl")}
        hint="HTTPS or a path on this server, e.g. https://github.com/acme/skills.git"
      >
        <input
          className={inputClass}
          value={repoUrl}
          onChange={(e) => setRepoUrl(e.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-1 xl:grid-cols-2">
        <Field id="sync-branch" label="Branch" error={fieldError("branch")}>
          <input
            className={inputClass}
            value={branch}
            onChange={(e) => setBranch(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
        <Field id="sync-folder" label="Folder" error={fieldError("folder")} hint="Empty: the repository's top level.">
          <input
            className={inputClass}
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
      </div>
      <Field id="sync-token" label="Access token" error={fieldError("token")} hint={tokenHint}>
        <input
          className={inputClass}
          type="password"
          value={token}
          disabled={clearToken}
          placeholder={settings.tokenSet ? "•••••••• (set)" : "Not set"}
          onChange={(e) => setToken(e.target.value)}
          autoComplete="new-password"
        />
      </Field>
      {settings.tokenSet && (
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            checked={clearToken}
            onChange={(e) => setClearToken(e.target.checked)}
            className="size-4 rounded border-slate-300 text-indigo-600"
          />
          Remove the saved token
        </label>
      )}
      {otherSaveError && (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {otherSaveError}
        </p>
      )}
      {preview.error != null && (
        <p
          role="alert"
          className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm break-words text-rose-800"
        >
          {errorMessage(preview.error)}
        </p>
      )}
      <div className="flex flex-wrap items-center justify-end gap-2">
        <button type="submit" className={buttonClass("secondary")} disabled={save.isPending || !dirty}>
          {save.isPending ? "Saving…" : "Save"}
        </button>
        <button
          type="button"
          className={buttonClass("primary")}
          disabled={preview.pending || preview.open || !settings.repoUrl || dirty}
          title={dirty ? "Save the settings first" : !settings.repoUrl ? "Set a repository URL first" : undefined}
          onClick={onPreview}
        >
          {preview.pending ? "Reading the repository…" : "Preview sync"}
        </button>
      </div>
      <p aria-live="polite" className="text-sm text-slate-600 empty:hidden">
        {noticeText}
      </p>
    </form>
  );
}

/** The preview shown, its confirmation, and what was said about the outcome. */
function useSyncFlow() {
  const previewSync = usePreviewSync();
  const confirmSync = useConfirmSync();
  const [shown, setShown] = useState<SkillSyncPreviewDto | null>(null);
  const [outcome, setOutcome] = useState("");

  const request = () => {
    setOutcome("");
    confirmSync.reset();
    previewSync.mutate(undefined, { onSuccess: setShown });
  };
  const close = () => {
    setShown(null);
    confirmSync.reset();
  };
  const confirm = () => {
    if (!shown) return;
    confirmSync.mutate(shown.fingerprint, {
      onSuccess: (sync) => {
        setShown(null);
        setOutcome(sync.status === "succeeded" ? "Sync applied." : "The sync failed; see the last sync below.");
      },
    });
  };
  const control: PreviewControl = {
    pending: previewSync.isPending,
    error: previewSync.error,
    open: shown !== null,
    request,
    drop: close,
  };
  return {
    control,
    shown,
    confirm,
    close,
    confirming: confirmSync.isPending,
    confirmError: confirmSync.error,
    outcome,
  };
}

export function SkillSyncPanel() {
  const status = useSkillSync();
  const flow = useSyncFlow();
  const running = status.data?.running ?? false;

  return (
    <section aria-labelledby="sync-heading" className="h-fit rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id="sync-heading" className="text-base font-semibold text-slate-900">
        Sync from Git
      </h2>
      <p className="mt-1 text-sm text-slate-500">
        Each folder with a SKILL.md becomes a skill. Skills edited here are never overwritten: a change from Git shows
        as a conflict. A sync is previewed first; nothing changes until you confirm it.
      </p>
      {status.isPending ? (
        <div className="mt-4">
          <LoadingBlock label="Loading sync settings…" rows={2} />
        </div>
      ) : status.isError ? (
        <div className="mt-4">
          <ErrorNotice title="Could not load the sync settings" error={status.error} retry={() => status.refetch()} />
        </div>
      ) : (
        <>
          <SyncSettingsForm settings={status.data.settings} preview={flow.control} />
          {flow.shown && (
            <SyncPreview
              preview={flow.shown}
              confirming={flow.confirming}
              running={running}
              error={flow.confirmError}
              onConfirm={flow.confirm}
              onCancel={flow.close}
              onPreviewAgain={flow.control.request}
            />
          )}
          <p aria-live="polite" className="mt-3 text-sm text-slate-600 empty:hidden">
            {flow.outcome}
          </p>
          <SyncResult running={running} last={status.data.last} />
        </>
      )}
    </section>
  );
}
