// Who is signed in, with an "admin" mark for admins; the email shows on hover.
import type { Viewer } from "./viewer";

export function ViewerName({ viewer, className = "" }: { viewer: Viewer; className?: string }) {
  return (
    <span className={`text-slate-700 ${className}`} title={viewer.email}>
      {viewer.name}
      {viewer.role === "admin" && (
        <span className="ml-1.5 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700">admin</span>
      )}
    </span>
  );
}
