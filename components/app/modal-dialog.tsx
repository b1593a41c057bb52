"use client";
// A modal dialog named by its title: the native <dialog> keeps focus inside and closes on Escape.
import { useId } from "react";
import { useModalDialog } from "./use-modal-dialog";

const WIDTHS = { md: "max-w-md", lg: "max-w-lg" } as const;

interface ModalDialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  width?: keyof typeof WIDTHS;
  children: React.ReactNode;
}

export function ModalDialog({ open, title, onClose, width = "md", children }: ModalDialogProps) {
  const ref = useModalDialog(open);
  // Its own id: a page may hold several dialogs (the agent's Delete and a conversation's), each named by its title.
  const titleId = useId();
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby={titleId}
      className={`m-auto w-full ${WIDTHS[width]} rounded-xl border border-slate-200 bg-white p-6 text-slate-900 shadow-xl`}
    >
      <h2 id={titleId} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </dialog>
  );
}
