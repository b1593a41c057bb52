"use client";
// The main sections, with the current one marked for sight and for screen readers; Approvals carries its live count.
// Below the `lg` width only Approvals stays in the bar (the others are in the menu), so pending work is always in sight.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { ApprovalsNavLink } from "@/components/approvals/approvals-nav-link";

export interface NavItem {
  href: string;
  label: string;
  /** a live count shown beside the label */
  badge?: "approvals";
}

function navLinkClass(current: boolean): string {
  return `inline-flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap transition-colors ${
    current ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900"
  }`;
}

export function NavLinks({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <ul className="flex items-center gap-1">
      {items.map((item) => {
        const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <li key={item.href} className={item.badge ? undefined : "hidden lg:block"}>
            {item.badge === "approvals" ? (
              <ApprovalsNavLink
                href={item.href}
                label={item.label}
                current={current}
                className={navLinkClass(current)}
              />
            ) : (
              <Link href={item.href} aria-current={current ? "page" : undefined} className={navLinkClass(current)}>
                {item.label}
              </Link>
            )}
          </li>
        );
      })}
    </ul>
  );
}
