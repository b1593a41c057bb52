// The top bar: wordmark, sections (admin ones only for admins), who is signed in, and the live light.
import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { NavLinks, type NavItem } from "./nav-links";
import { RealtimeDot } from "./realtime-dot";
import type { Viewer } from "./viewer";

export function Nav({ viewer }: { viewer: Viewer }) {
  const items: NavItem[] = [
    { href: "/agents", label: "Agents" },
    { href: "/skills", label: "Skills" },
    { href: "/processes", label: "Processes" },
    { href: "/approvals", label: "Approvals", badge: "approvals" },
    { href: "/tokens", label: "API tokens" },
    ...(viewer.role === "admin"
      ? [
          { href: "/users", label: "Users" },
          { href: "/runners", label: "Runners" },
          { href: "/settings", label: "Settings" },
        ]
      : []),
  ];
  return (
    <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/90 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-4 sm:px-6">
        <Link href="/agents" className="flex items-center gap-2 rounded-md text-lg font-semibold tracking-tight text-slate-900">
          <span aria-hidden className="grid size-7 place-items-center rounded-lg bg-indigo-600 text-sm font-bold text-white">
            C
          </span>
          Cadre
        </Link>
        <nav aria-label="Main" className="flex-1 overflow-x-auto">
          <NavLinks items={items} />
        </nav>
        <div className="flex items-center gap-3 text-sm">
          <RealtimeDot />
          <span className="hidden text-slate-600 sm:inline" title={viewer.email}>
            {viewer.name}
            {viewer.role === "admin" && (
              <span className="ml-1.5 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-500">admin</span>
            )}
          </span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
