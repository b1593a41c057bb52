"use client";
// Create or edit a schedule. Field errors, the browser's or the API's, land beside the field they name.
import { useState } from "react";
import { ModelField } from "@/components/agents/model-field";
import { buttonClass } from "@/components/app/button";
import { Field, inputClass } from "@/components/app/field";
import { blockedReason, problemsOf, SubmitButton } from "@/components/app/submit-button";
import type { AgentDto } from "@/lib/agents/schemas";
import { errorMessage } from "@/lib/client/api";
import { useCreateSchedule, useUpdateSchedule } from "@/lib/client/schedules";
import type { ScheduleDto } from "@/lib/schedules/schemas";
import { ControlsFields } from "./controls-fields";
import {
  apiControlsErrors,
  CONTROL_LABELS,
  type ControlsErrors,
  type ControlsValues,
  initialControls,
  toControlsBody,
} from "./controls-form-state";
import { CronField } from "./cron-field";
import {
  apiScheduleErrors,
  initialScheduleValues,
  SCHEDULE_LABELS,
  type ScheduleFormErrors,
  type ScheduleFormValues,
  toScheduleBody,
} from "./schedule-form-state";
import { TimeZonePicker } from "./time-zone-picker";

interface ScheduleFormProps {
  agent: AgentDto;
  /** absent: a new schedule */
  schedule?: ScheduleDto;
  onDone: (saved: ScheduleDto | null) => void;
}

const OVERLAP_OPTIONS = [
  { value: "skip", label: "Skip the new run (recorded as skipped)" },
  { value: "queue", label: "Queue it until the previous one ends" },
  { value: "allow", label: "Run both at once" },
] as const;

const CATCH_UP_OPTIONS = [
  { value: "latest", label: "Run the latest missed time once" },
  { value: "none", label: "Skip missed times" },
] as const;

export function ScheduleForm({ agent, schedule, onDone }: ScheduleFormProps) {
  const create = useCreateSchedule(agent.name);
  const update = useUpdateSchedule(agent.name);
  const mutation = schedule ? update : create;
  const [values, setValues] = useState<ScheduleFormValues>(() => initialScheduleValues(schedule));
  const [apiErrors, setErrors] = useState<ScheduleFormErrors>({});
  const [touched, setTouched] = useState<ReadonlySet<keyof ScheduleFormValues>>(new Set());
  // The controls block (jitter, window, auto-pause) keeps its own values and errors.
  const [controls, setControls] = useState<ControlsValues>(() => initialControls(schedule));
  const [controlsApiErrors, setControlsErrors] = useState<ControlsErrors>({});
  const setControl = (key: keyof ControlsValues, value: string) => {
    setControls((v) => ({ ...v, [key]: value }));
    setControlsErrors((e) => ({ ...e, [key]: undefined }));
  };
  const controlsChecked = toControlsBody(controls);
  const controlsLive: ControlsErrors = "errors" in controlsChecked ? (controlsChecked.errors ?? {}) : {};
  const controlsErrors: ControlsErrors = {
    ...controlsLive,
    ...Object.fromEntries(Object.entries(controlsApiErrors).filter(([, v]) => v)),
  };

  const set = <K extends keyof ScheduleFormValues>(key: K, value: ScheduleFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
    setTouched((t) => new Set(t).add(key));
  };

  // The browser's own check, live: beside a field once it was changed, and as the reason the button waits.
  const checked = toScheduleBody(values);
  const live: ScheduleFormErrors = "errors" in checked ? (checked.errors ?? {}) : {};
  // (The cron field shows its own live reading and problem.)
  const shownLive = Object.entries(live).filter(([k]) => touched.has(k as keyof ScheduleFormValues) && k !== "cron");
  const errors: ScheduleFormErrors = {
    ...Object.fromEntries(shownLive),
    ...Object.fromEntries(Object.entries(apiErrors).filter(([, v]) => v)),
  };
  const blockedBy = blockedReason(schedule ? "save the schedule" : "create the schedule", [
    ...problemsOf(live, SCHEDULE_LABELS, (k) => values[k]),
    ...problemsOf(controlsLive, CONTROL_LABELS, (k) => controls[k]),
  ]);

  const formError =
    mutation.error &&
    Object.keys(apiScheduleErrors(mutation.error)).length === 0 &&
    Object.keys(apiControlsErrors(mutation.error)).length === 0
      ? errorMessage(mutation.error)
      : null;

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = toScheduleBody(values);
    const parsedControls = toControlsBody(controls);
    if ("errors" in parsed) setErrors(parsed.errors ?? {});
    if ("errors" in parsedControls) setControlsErrors(parsedControls.errors ?? {});
    if ("errors" in parsed || "errors" in parsedControls) return;
    const body = { ...parsed.body, ...parsedControls.body };
    try {
      const saved = schedule ? await update.mutateAsync({ id: schedule.id, body }) : await create.mutateAsync(body);
      onDone(saved);
    } catch (err) {
      setErrors(apiScheduleErrors(err));
      setControlsErrors(apiControlsErrors(err));
    }
  }

  const number = (key: "timeoutSeconds" | "retryCount" | "retryBackoffSeconds", min: number, max: number) => (
    <input
      className={inputClass}
      type="number"
      inputMode="numeric"
      min={min}
      max={max}
      value={values[key]}
      onChange={(e) => set(key, e.target.value)}
    />
  );

  const choice = <K extends "overlapPolicy" | "catchUpPolicy">(
    key: K,
    options: readonly { value: ScheduleFormValues[K]; label: string }[],
  ) => (
    <select
      className={inputClass}
      value={values[key]}
      onChange={(e) => set(key, e.target.value as ScheduleFormValues[K])}
    >
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );

  const headingId = "schedule-form-heading";
  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id={headingId} className="text-base font-semibold text-slate-900">
        {schedule ? `Edit ${schedule.name}` : "New schedule"}
      </h2>
      <form onSubmit={onSubmit} noValidate className="mt-5 space-y-6">
        {formError && (
          <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {formError}
          </p>
        )}

        <div className="grid gap-6 sm:grid-cols-2">
          <Field id="schedule-name" label="Name" error={errors.name} hint="Unique for this agent, e.g. Morning report.">
            <input
              className={inputClass}
              value={values.name}
              onChange={(e) => set("name", e.target.value)}
              autoComplete="off"
              autoFocus
              required
            />
          </Field>
          <Field id="schedule-description" label="Description" error={errors.description}>
            <input
              className={inputClass}
              value={values.description}
              onChange={(e) => set("description", e.target.value)}
              autoComplete="off"
            />
          </Field>
        </div>

        <div className="grid gap-6 sm:grid-cols-2">
          <CronField
            value={values.cron}
            timeZone={values.timezone}
            onChange={(cron) => set("cron", cron)}
            error={errors.cron}
          />
          <Field
            id="schedule-timezone"
            label="Time zone"
            error={errors.timezone}
            hint="The clock the expression follows, daylight saving included."
          >
            <TimeZonePicker id="schedule-timezone" value={values.timezone} onChange={(zone) => set("timezone", zone)} />
          </Field>
        </div>

        <Field
          id="schedule-message"
          label="Message"
          error={errors.message}
          hint="Sent to the agent as the task, each time the schedule runs."
        >
          <textarea
            className={inputClass}
            rows={4}
            value={values.message}
            onChange={(e) => set("message", e.target.value)}
            required
          />
        </Field>

        <div className="grid gap-6 sm:grid-cols-2">
          <ModelField
            id="schedule-model"
            label="Model override"
            value={values.model}
            onChange={(model) => set("model", model)}
            error={errors.model}
            defaultLabel={`None: agent default (${agent.model})`}
            hint={agent.runtime === "command" ? "The command gets it as the CADRE_MODEL variable." : undefined}
          />
          <Field
            id="schedule-timeout"
            label="Timeout (seconds)"
            error={errors.timeoutSeconds}
            hint={`Empty uses the agent's (${agent.timeoutSeconds} s).`}
          >
            {number("timeoutSeconds", 1, 86400)}
          </Field>
        </div>

        <fieldset className="grid gap-6 sm:grid-cols-2">
          <legend className="mb-3 text-sm font-semibold text-slate-900">Policies</legend>
          <Field
            id="schedule-overlap"
            label="Overlap"
            error={errors.overlapPolicy}
            hint="When a run is due while the previous one is still going."
          >
            {choice("overlapPolicy", OVERLAP_OPTIONS)}
          </Field>
          <Field
            id="schedule-catch-up"
            label="Catch-up"
            error={errors.catchUpPolicy}
            hint="Runs missed while Cadre was down."
          >
            {choice("catchUpPolicy", CATCH_UP_OPTIONS)}
          </Field>
          <Field
            id="schedule-retries"
            label="Retries"
            error={errors.retryCount}
            hint="Extra attempts after a failed run (0–10)."
          >
            {number("retryCount", 0, 10)}
          </Field>
          <Field
            id="schedule-backoff"
            label="Retry backoff (seconds)"
            error={errors.retryBackoffSeconds}
            hint="Wait before each retry."
          >
            {number("retryBackoffSeconds", 1, 86400)}
          </Field>
        </fieldset>

        <ControlsFields values={controls} errors={controlsErrors} onChange={setControl} />

        <div className="flex items-center justify-end gap-2 border-t border-slate-100 pt-5">
          <button type="button" className={buttonClass("ghost")} onClick={() => onDone(null)}>
            Cancel
          </button>
          <SubmitButton
            id="schedule-submit"
            pending={mutation.isPending}
            blockedBy={blockedBy}
            label={schedule ? "Save schedule" : "Create schedule"}
            pendingLabel={schedule ? "Saving…" : "Creating…"}
          />
        </div>
      </form>
    </section>
  );
}
