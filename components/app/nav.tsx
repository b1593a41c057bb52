// The top bar: wordmark, sections (admin ones only for admins), who is signed in, and the live light. Below the `lg`
// width the sections other than Approvals move into a menu; Approvals and its pending count stay in the bar. One's own
// and rarer pages (Profile, API tokens, Deliveries) are in the "More" menu from that width.
import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { type NavItem, NavLinks } from "./nav-links";
import { NavMenu } from "./nav-menu";
import { RealtimeDot } from "./realtime-dot";
import type { Viewer } from "./viewer";
import { ViewerName } from "./viewer-name";

export function Nav({ viewer }: { viewer: Viewer }) {
  const items: NavItem[] = [
    { href: "/agents", label: "Agents" },
    { href: "/runs", label: "Runs" },
    { href: "/schedules", label: "Schedules" },
    { href: "/skills", label: "Skills" },
    { href: "/processes", label: "Processes" },
    { href: "/approvals", label: "Approvals", badge: "approvals" },
    { href: "/audit", label: "Audit" },
    ...(viewer.role === "admin"
      ? [
          { href: "/users", label: "Users" },
          { href: "/runners", label: "Runners" },
          { href: "/settings", label: "Settings" },
        ]
      : []),
  ];
  // Pages that are one's own or rarely visited: from the `lg` width in the "More" menu beside the bar.
  const more: NavItem[] = [
    { href: "/profile", label: "Profile" },
    { href: "/tokens", label: "API tokens" },
    ...(viewer.role === "admin" ? [{ href: "/deliveries", label: "Deliveries" }] : []),
  ];
  return (
    <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/90 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-3 px-4 sm:px-6 lg:gap-6">
        <Link
          href="/agents"
          className="flex shrink-0 items-center gap-2 rounded-md text-lg font-semibold tracking-tight text-slate-900"
        >
          <span
            aria-hidden
            className="grid size-7 place-items-center rounded-lg bg-indigo-600 text-sm font-bold text-white"
          >
            C
          </span>
          Cadre
        </Link>
        <nav aria-label="Main" className="min-w-0 flex-1">
          <NavLinks items={items} />
        </nav>
        <div className="flex shrink-0 items-center gap-3 text-sm">
          <RealtimeDot />
          <ViewerName viewer={viewer} className="hidden 2xl:inline" />
          <SignOutButton className="hidden rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 disabled:text-slate-600 lg:inline-block" />
          <NavMenu items={more} viewer={viewer} label="More" className="hidden lg:block" />
          <NavMenu items={[...items.filter((item) => !item.badge), ...more]} viewer={viewer} />
        </div>
      </div>
    </header>
  );
}
