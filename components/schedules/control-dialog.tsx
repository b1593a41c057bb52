"use client";
// A modal form for a schedule control (pause, backfill): the native dialog keeps focus inside and closes on Escape.
import { useEffect, useId, useRef } from "react";

interface ControlDialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: (titleId: string) => React.ReactNode;
}

export function ControlDialog({ open, title, onClose, children }: ControlDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby={titleId}
      className="m-auto w-full max-w-lg rounded-xl border border-slate-200 bg-white p-6 text-slate-900 shadow-xl"
    >
      <h2 id={titleId} className="text-lg font-semibold">
        {title}
      </h2>
      {open && children(titleId)}
    </dialog>
  );
}
