// The preview of any cron expression in any zone: its plain-English reading, its next runs from a given instant and
// what daylight saving does to it, all from the scheduler's own slot clock. Browser-safe, like cron-spec.ts.
import { z } from "zod";
import { CronExpression, describeCron, TimeZone } from "./cron-spec";
import { type DstNote, dstNotes } from "./dst-notes";
import { SlotClock } from "./slots";

export const PREVIEW_RUNS = { default: 5, max: 50 } as const;

/** GET /api/cron/preview */
export const CronPreviewQuery = z.strictObject({
  expression: CronExpression,
  timezone: TimeZone.default("UTC"),
  /** runs strictly after this instant (ISO 8601 with a zone, e.g. 2027-03-13T00:00:00Z); default now */
  from: z.iso
    .datetime({ offset: true, error: "from must be an ISO 8601 date and time with a zone, e.g. 2027-03-13T00:00:00Z" })
    .optional(),
  count: z.coerce
    .number({ error: "count must be a whole number" })
    .int("count must be a whole number")
    .min(1, "count must be at least 1")
    .max(PREVIEW_RUNS.max, `count must be at most ${PREVIEW_RUNS.max}`)
    .default(PREVIEW_RUNS.default),
});
export type CronPreviewQuery = z.infer<typeof CronPreviewQuery>;

export interface CronPreviewDto {
  expression: string;
  timezone: string;
  /** plain English, e.g. "At 09:00, Monday through Friday" */
  description: string;
  /** the instant the runs are counted from (exclusive), ISO UTC */
  from: string;
  /** the next runs as the scheduler fires them, ISO UTC */
  runs: string[];
  /** what daylight saving does to the schedule in the year after `from` */
  dstNotes: DstNote[];
}

export function previewCron(query: CronPreviewQuery, now = new Date()): CronPreviewDto {
  const from = query.from ? new Date(query.from) : now;
  const clock = new SlotClock(query.expression, query.timezone);
  const runs: string[] = [];
  for (let at = clock.next(from); at && runs.length < query.count; at = clock.next(at)) runs.push(at.toISOString());
  return {
    expression: query.expression,
    timezone: query.timezone,
    description: describeCron(query.expression),
    from: from.toISOString(),
    runs,
    dstNotes: dstNotes(query.expression, query.timezone, from),
  };
}
