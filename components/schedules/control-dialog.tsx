"use client";
// A modal form for a schedule control (pause, backfill): the native dialog keeps focus inside and closes on Escape.
import { useId } from "react";
import { useModalDialog } from "@/components/app/use-modal-dialog";

interface ControlDialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: (titleId: string) => React.ReactNode;
}

export function ControlDialog({ open, title, onClose, children }: ControlDialogProps) {
  const ref = useModalDialog(open);
  const titleId = useId();
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
