"use client";
// A paused schedule's state in words: "Paused by Ann 5 min ago: note — resumes in 2 h", or "Auto-paused after 3
// consecutive failures".
import { Time } from "@/components/app/time";
import type { ScheduleDto } from "@/lib/schedules/schemas";

export function PauseState({ schedule: s }: { schedule: ScheduleDto }) {
  const p = s.paused;
  if (!p) return null;
  return (
    <p
      data-testid="pause-state"
      className="mt-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
    >
      {p.automatic ? (
        <>
          <strong className="font-semibold">Auto-{p.note ?? "paused"}</strong> (
          <Time at={p.at} past />)
        </>
      ) : (
        <>
          <strong className="font-semibold">Paused</strong> by {p.by?.name ?? "a deleted user"} <Time at={p.at} past />
          {p.note ? `: ${p.note}` : ""}
        </>
      )}
      {p.resumeAt ? (
        <>
          {" "}
          — resumes <Time at={p.resumeAt} show="both" timeZone={s.timezone} />
        </>
      ) : (
        " — until resumed"
      )}
    </p>
  );
}
