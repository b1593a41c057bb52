"use client";
// Which rows of a list are open: toggle(id) opens a closed row and closes an open one.
import { useCallback, useState } from "react";

export function useToggleSet() {
  const [open, setOpen] = useState<Set<string>>(() => new Set());
  const toggle = useCallback(
    (id: string) =>
      setOpen((prev) => {
        const next = new Set(prev);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );
  return { open, toggle };
}
