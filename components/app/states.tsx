// What a panel shows while loading, when empty, and when a request failed.
import { errorMessage } from "@/lib/client/api";

export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: React.ReactNode;
  action?: React.ReactNode;
}) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
      <p className="font-medium text-slate-900">{title}</p>
      {children && <div className="mx-auto mt-1 max-w-md text-sm text-slate-600">{children}</div>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}

export function ErrorNotice({
  error,
  title = "Something went wrong",
  retry,
}: {
  error: unknown;
  title?: string;
  retry?: () => void;
}) {
  return (
    <div role="alert" className="rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800">
      <p className="font-medium">{title}</p>
      <p className="mt-0.5">{errorMessage(error)}</p>
      {retry && (
        <button
          type="button"
          onClick={retry}
          className="mt-2 font-medium underline underline-offset-2 hover:text-rose-900"
        >
          Try again
        </button>
      )}
    </div>
  );
}

export function LoadingBlock({ label = "Loading…", rows = 3 }: { label?: string; rows?: number }) {
  return (
    <div role="status" className="space-y-3">
      <span className="sr-only">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows, all alike, never reordered
        <div key={i} aria-hidden className="h-12 animate-pulse rounded-lg bg-slate-200/70" />
      ))}
    </div>
  );
}
