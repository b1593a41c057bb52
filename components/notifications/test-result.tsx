// The answer to "Send test", read out to screen readers as it arrives.
import type { TestResult } from "@/lib/notifications/schemas";

export function TestResultNote({ result }: { result: TestResult | undefined }) {
  if (!result) return null;
  return (
    <p role="status" className={`text-sm ${result.ok ? "text-emerald-700" : "text-rose-700"}`}>
      {result.ok ? "Sent" : "Not sent"}
      {result.status ? ` — ${result.status}` : ""}
      {result.error && !result.ok ? ` — ${result.error}` : ""} ({result.latencyMs} ms)
    </p>
  );
}
