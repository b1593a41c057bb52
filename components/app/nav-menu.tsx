"use client";
// The sections as a menu below the `lg` width (and, from it, the personal and rarer pages the bar has no room for): a button that says whether it is open, focus moved to the first link on
// opening and back to the button on Escape; it closes on leaving it, on a click elsewhere and on going to a page.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import type { NavItem } from "./nav-links";
import type { Viewer } from "./viewer";
import { ViewerName } from "./viewer-name";

export function NavMenu({
  items,
  viewer,
  label = "Menu",
  className = "lg:hidden",
}: {
  items: NavItem[];
  viewer: Viewer;
  /** the button's and the panel's name */
  label?: string;
  /** where it shows: by default below the `lg` width, where the bar holds only Approvals */
  className?: string;
}) {
  const pathname = usePathname();
  // Open for the page it was opened on: going to another page closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!open) return;
    panelRef.current?.querySelector<HTMLElement>("a, button")?.focus();
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== "Escape") return;
      setOpenOn(null);
      buttonRef.current?.focus();
    }
    function onPointerDown(event: PointerEvent) {
      if (!rootRef.current?.contains(event.target as Node)) setOpenOn(null);
    }
    document.addEventListener("keydown", onKeyDown);
    document.addEventListener("pointerdown", onPointerDown);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("pointerdown", onPointerDown);
    };
  }, [open]);

  function onBlur(event: React.FocusEvent) {
    // Tabbing out of the menu closes it; moving within it does not.
    if (event.relatedTarget && !rootRef.current?.contains(event.relatedTarget as Node)) setOpenOn(null);
  }

  return (
    <div ref={rootRef} onBlur={onBlur} className={className}>
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={label}
        onClick={() => setOpenOn(open ? null : pathname)}
        className="grid size-9 place-items-center rounded-md text-slate-700 hover:bg-slate-100 hover:text-slate-900"
      >
        <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="size-5">
          {open ? (
            <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
          ) : (
            <path
              fillRule="evenodd"
              d="M2 4.75A.75.75 0 0 1 2.75 4h14.5a.75.75 0 0 1 0 1.5H2.75A.75.75 0 0 1 2 4.75ZM2 10a.75.75 0 0 1 .75-.75h14.5a.75.75 0 0 1 0 1.5H2.75A.75.75 0 0 1 2 10Zm0 5.25a.75.75 0 0 1 .75-.75h14.5a.75.75 0 0 1 0 1.5H2.75a.75.75 0 0 1-.75-.75Z"
              clipRule="evenodd"
            />
          )}
        </svg>
      </button>
      <nav
        ref={panelRef}
        id={panelId}
        aria-label={label}
        hidden={!open}
        className="absolute inset-x-0 top-full max-h-[calc(100dvh-3.5rem)] overflow-y-auto border-b border-slate-200 bg-white shadow-lg"
      >
        <ul className="mx-auto max-w-6xl space-y-1 px-4 py-3 sm:px-6">
          {items.map((item) => {
            const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
            return (
              <li key={item.href}>
                <Link
                  href={item.href}
                  aria-current={current ? "page" : undefined}
                  className={`block rounded-md px-3 py-2 text-base font-medium ${
                    current ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900"
                  }`}
                >
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-3 border-t border-slate-200 px-4 py-3 text-sm sm:px-6">
          <ViewerName viewer={viewer} className="min-w-0 truncate" />
          <SignOutButton />
        </div>
      </nav>
    </div>
  );
}
