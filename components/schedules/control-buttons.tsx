"use client";
// A schedule's controls for its managers: Pause (with a note and a resume time) or Resume, and Backfill.
import { useState } from "react";
import { buttonClass } from "@/components/app/button";
import { errorMessage } from "@/lib/client/api";
import { useResumeSchedule } from "@/lib/client/schedules";
import type { ScheduleDto } from "@/lib/schedules/schemas";
import { BackfillDialog } from "./backfill-dialog";
import { PauseDialog } from "./pause-dialog";

export function ControlButtons({ schedule: s }: { schedule: ScheduleDto }) {
  const resume = useResumeSchedule(s.agentName);
  const [open, setOpen] = useState<null | "pause" | "backfill">(null);
  const label = (text: string) => (
    <>
      {text}
      <span className="sr-only"> {s.name}</span>
    </>
  );
  return (
    <>
      {s.paused ? (
        <button
          type="button"
          className={buttonClass("secondary", "sm")}
          disabled={resume.isPending}
          onClick={() => resume.mutate(s.id)}
        >
          {resume.isPending ? "Resuming…" : label("Resume")}
        </button>
      ) : (
        <button type="button" className={buttonClass("ghost", "sm")} onClick={() => setOpen("pause")}>
          {label("Pause")}
        </button>
      )}
      <button type="button" className={buttonClass("ghost", "sm")} onClick={() => setOpen("backfill")}>
        {label("Backfill")}
      </button>
      {resume.isError && (
        <span role="alert" className="text-sm text-rose-700">
          {errorMessage(resume.error)}
        </span>
      )}
      <PauseDialog agentName={s.agentName} schedule={s} open={open === "pause"} onClose={() => setOpen(null)} />
      <BackfillDialog agentName={s.agentName} schedule={s} open={open === "backfill"} onClose={() => setOpen(null)} />
    </>
  );
}
