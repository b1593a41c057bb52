"use client";
// A Delete button that asks first: the dialog says what is lost, and shows the server's answer if the delete fails.
import { useState } from "react";
import { errorMessage } from "@/lib/client/api";
import { buttonClass } from "./button";
import { ConfirmDialog } from "./confirm-dialog";

/** The parts of a TanStack mutation the dialog reads. */
interface DeleteMutation {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  reset(): void;
}

interface DeleteButtonProps {
  /** the kind of thing, as in "Delete agent" */
  what: string;
  name: string;
  mutation: DeleteMutation;
  variant?: "secondary" | "ghost";
  /** runs the delete; `close` shuts the dialog (call it on success) */
  onConfirm(close: () => void): void;
  /** what deleting it means, shown in the dialog */
  children: React.ReactNode;
}

export function DeleteButton({ what, name, mutation, variant = "ghost", onConfirm, children }: DeleteButtonProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className={buttonClass(variant)}
        onClick={() => {
          mutation.reset();
          setOpen(true);
        }}
      >
        Delete
      </button>
      <ConfirmDialog
        open={open}
        title={`Delete ${name}?`}
        confirmLabel={`Delete ${what}`}
        busy={mutation.isPending}
        error={mutation.isError ? errorMessage(mutation.error) : null}
        onClose={() => setOpen(false)}
        onConfirm={() => onConfirm(() => setOpen(false))}
      >
        {children}
      </ConfirmDialog>
    </>
  );
}
