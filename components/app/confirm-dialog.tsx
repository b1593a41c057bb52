"use client";
// A modal question with a clear "do it" and "cancel".
import { buttonClass } from "./button";
import { ModalDialog } from "./modal-dialog";

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  busy?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
}

export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  busy,
  error,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  return (
    <ModalDialog open={open} title={title} onClose={onClose}>
      <div className="mt-2 text-sm text-slate-600">{children}</div>
      {error && (
        <p role="alert" className="mt-3 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {error}
        </p>
      )}
      <div className="mt-6 flex justify-end gap-2">
        <button type="button" className={buttonClass("secondary")} onClick={onClose} autoFocus>
          Cancel
        </button>
        <button type="button" className={buttonClass("danger")} onClick={onConfirm} disabled={busy}>
          {busy ? "Working…" : confirmLabel}
        </button>
      </div>
    </ModalDialog>
  );
}
