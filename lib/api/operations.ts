// Every operation of the HTTP API, for the reference at GET /api/openapi.json: its path, method, who may call it, the
// zod schemas it reads (the very objects its route passes to route(), imported from the same modules) and what it
// answers. tests/openapi.test.ts checks this list against the route files and their handlers, so neither can change
// without the other.
import type { ZodType } from "zod";
import { AgentParams, IdParams } from "@/lib/agents/params";
import { AgentCreateInput, AgentUpdateInput } from "@/lib/agents/schemas";
import {
  ActInput,
  DelegateInput,
  DelegationCreateInput,
  GroupCreateInput,
  GroupParams,
  GroupUpdateInput,
} from "@/lib/approvals/schemas";
import { AUDIT_EXPORT_CAP, AuditExportQuery, AuditListQuery } from "@/lib/audit/schemas";
import {
  FirstAdminSchema,
  NewTokenSchema,
  NewUserSchema,
  SetPasswordSchema,
  TokenParams,
  UserParams,
  UserPatchSchema,
} from "@/lib/auth/user-schemas";
import { OutputQuery } from "@/lib/executions/output-entry";
import {
  ChatMessageInput,
  ConversationUpdateInput,
  ExecutionListQuery,
  RUN_EXPORT_CAP,
  RunExportQuery,
  RunListQuery,
  TaskInput,
} from "@/lib/executions/schemas";
import {
  ChannelSettingsPatch,
  ChannelTest,
  DeliveryListQuery,
  IdParams as NotificationIdParams,
  PreferencesPatch,
  WebhookCreate,
  WebhookPatch,
} from "@/lib/notifications/schemas";
import { ApprovalListQuery, DecideInput, ProcessYamlInput, RunStartInput } from "@/lib/processes/schemas";
import { ScheduleOverviewQuery } from "@/lib/schedules/overview-schemas";
import { ScheduleParams } from "@/lib/schedules/params";
import { CronPreviewQuery } from "@/lib/schedules/preview";
import {
  BACKFILL_MAX_SLOTS,
  ScheduleBackfillInput,
  ScheduleCreateInput,
  ScheduleExecutionsQuery,
  SchedulePauseInput,
  ScheduleUpdateInput,
} from "@/lib/schedules/schemas";
import { SettingsPatch } from "@/lib/settings/schemas";
import { AgentSkillParams, SkillParams } from "@/lib/skills/params";
import {
  AgentSkillsInput,
  PlaybookRunInput,
  SkillInput,
  SkillResolveInput,
  SkillSyncRunInput,
  SkillSyncSettingsInput,
  SkillUpdateInput,
} from "@/lib/skills/schemas";
import type { HttpMethod } from "./route-table";

export const API_TAGS = [
  { name: "Agents", description: "Agents: their settings, start and stop, and running a task." },
  { name: "Executions", description: "Runs of agents: one execution per task, chat turn, scheduled fire or playbook." },
  { name: "Conversations", description: "Chats with an agent; a conversation is seen only by its author and admins." },
  { name: "Schedules", description: "Cron schedules that send a message to an agent." },
  { name: "Skills", description: "The skills library (SKILL.md), its Git sync, and skills assigned to agents." },
  { name: "Playbooks", description: "An agent's user-invocable skills, run as `/skill arguments`." },
  { name: "Processes", description: "YAML processes and their runs." },
  { name: "Approvals", description: "Human approval steps of process runs." },
  { name: "People", description: "Users and the signed-in person (admins manage users)." },
  { name: "API tokens", description: "Personal API tokens for programs: `Authorization: Bearer cad_…`." },
  { name: "Workers", description: "Worker processes, the scheduler and the live connection." },
  { name: "Settings", description: "Server settings (admins)." },
  { name: "Audit log", description: "Who changed what, when and from which address; append-only." },
  {
    name: "Notifications",
    description:
      "Email, Slack and signed webhooks: the channels (admins), each person's choices, and the delivery log (admins).",
  },
  {
    name: "Session",
    description: "Browser sign-in: these set and clear the session cookie. Programs use API tokens instead.",
  },
  { name: "Setup", description: "First-run setup." },
  { name: "Reference", description: "This document." },
] as const;

export type ApiTag = (typeof API_TAGS)[number]["name"];

export interface ApiOperation {
  method: HttpMethod;
  /** the URL path with OpenAPI placeholders, e.g. "/api/agents/{name}" */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: ApiTag;
  /** public: no identity needed; user: any signed-in person or API token; admin: admins only */
  access: "public" | "user" | "admin";
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  /** the success answer */
  ok: { status: 200 | 201 | 202 | 204; description: string };
  /** when this answers 409 Conflict */
  conflict?: string;
}

type Options = Omit<ApiOperation, "method" | "path" | "operationId" | "summary">;

const op = (
  method: HttpMethod,
  path: string,
  operationId: string,
  summary: string,
  options: Options,
): ApiOperation => ({
  method,
  path,
  operationId,
  summary,
  ...options,
});

const ok = (description: string, status: ApiOperation["ok"]["status"] = 200) => ({ status, description });

const agents: ApiOperation[] = [
  op("GET", "/api/agents", "listAgents", "List agents", {
    tag: "Agents",
    access: "user",
    ok: ok("`{ agents }`. An agent's `command` and `workspaceDir` are included only for its owner and admins."),
  }),
  op("POST", "/api/agents", "createAgent", "Create an agent", {
    tag: "Agents",
    access: "user",
    body: AgentCreateInput,
    description:
      "The caller becomes the agent's owner. Only admins may create `command` agents (they run a program on the server).",
    ok: ok("`{ agent }`", 201),
    conflict: "an agent with this name exists",
  }),
  op("GET", "/api/agents/{name}", "getAgent", "Get an agent", {
    tag: "Agents",
    access: "user",
    params: AgentParams,
    ok: ok("`{ agent }`"),
  }),
  op("PUT", "/api/agents/{name}", "updateAgent", "Edit an agent", {
    tag: "Agents",
    access: "user",
    params: AgentParams,
    body: AgentUpdateInput,
    description: "Owner or admin. Absent fields stay as they are.",
    ok: ok("`{ agent }`"),
  }),
  op("DELETE", "/api/agents/{name}", "deleteAgent", "Delete an agent", {
    tag: "Agents",
    access: "user",
    params: AgentParams,
    description:
      "Owner or admin. The agent disappears at once; its executions and workspace are removed in the background.",
    ok: ok("`{ ok: true }`"),
    conflict: "the agent has running executions",
  }),
  op("POST", "/api/agents/{name}/start", "startAgent", "Start an agent", {
    tag: "Agents",
    access: "user",
    params: AgentParams,
    description: "Owner or admin. Queued tasks begin.",
    ok: ok("`{ agent }`"),
  }),
  op("POST", "/api/agents/{name}/stop", "stopAgent", "Stop an agent", {
    tag: "Agents",
    access: "user",
    params: AgentParams,
    description: "Owner or admin. Running tasks finish; new ones are refused.",
    ok: ok("`{ agent }`"),
  }),
  op("POST", "/api/agents/{name}/restart", "restartAgent", "Restart an agent", {
    tag: "Agents",
    access: "user",
    params: AgentParams,
    description: "Owner or admin. Its assigned skills are written to the workspace again.",
    ok: ok("`{ agent }`"),
  }),
  op("POST", "/api/agents/{name}/task", "runTask", "Run a task", {
    tag: "Agents",
    access: "user",
    params: AgentParams,
    body: TaskInput,
    description:
      "With `async: true` the answer is 202 at once with the queued execution; otherwise 200 once it has finished.",
    ok: ok("`{ execution }` (200 when finished, 202 when async)"),
    conflict: "the agent is stopped",
  }),
];

const executions: ApiOperation[] = [
  op("GET", "/api/executions", "listRuns", "List every run", {
    tag: "Executions",
    access: "user",
    query: RunListQuery,
    description:
      "Every execution the caller may see, across agents, newest first (others' chat turns and deleted agents' runs are left out). " +
      "`status` takes several statuses separated by commas; `q` finds text in the message or the response, in any case; " +
      "`process` is a process's id (the executions of its runs' steps); `retryOf` an execution's id (it and its retries); " +
      "`from` is inclusive, `to` exclusive. Pass `nextCursor` back as `cursor` for the next page.",
    ok: ok(
      "`{ runs, nextCursor }`: each run is an execution with `scheduleName` and `process` (`runId`, `processId`, `processName`, `stepId`) or null",
    ),
  }),
  op("GET", "/api/executions/export", "exportRuns", "Export runs", {
    tag: "Executions",
    access: "user",
    query: RunExportQuery,
    description:
      `The list GET /api/executions gives with the same filters, whole, as a file to download, up to ${RUN_EXPORT_CAP.toLocaleString("en")} runs: ` +
      "the header `X-Cadre-Truncated: true` (and `truncated` in JSON) says the list was longer. In CSV, a cell that starts " +
      "with = + - @, a tab or a carriage return gets a leading ' so a spreadsheet does not run it.",
    ok: ok("a CSV file, or JSON `{ runs, truncated, cap }`"),
  }),
  op("POST", "/api/executions/{id}/rerun", "rerunExecution", "Run an execution again", {
    tag: "Executions",
    access: "user",
    params: IdParams,
    description:
      "A new execution with the same message, model and agent, started by the caller (trigger `manual`), as running a task on that agent. " +
      "A chat turn is refused (409): it belongs to its conversation; send the message in the chat again.",
    ok: ok("`{ id, execution }`", 202),
    conflict: "the execution is a chat turn, or the agent is stopped",
  }),
  op("GET", "/api/agents/{name}/executions", "listAgentExecutions", "List an agent's executions", {
    tag: "Executions",
    access: "user",
    params: AgentParams,
    query: ExecutionListQuery,
    description: "Newest first, by cursor. Chat turns only for their conversation's author and admins.",
    ok: ok("`{ executions, nextCursor }`"),
  }),
  op("GET", "/api/executions/{id}", "getExecution", "Get an execution", {
    tag: "Executions",
    access: "user",
    params: IdParams,
    description: "Someone else's chat turn is 404; admins see every one.",
    ok: ok("`{ execution }`"),
  }),
  op("GET", "/api/executions/{id}/output", "getExecutionOutput", "Get a run's transcript", {
    tag: "Executions",
    access: "user",
    params: IdParams,
    query: OutputQuery,
    description:
      "The entries stored so far after `after` (a seq), in order: assistant text, tool calls and their results, output lines, the final result. Capped per run (2,000 entries / 1 MB, then one `truncated` entry). New entries also arrive live as `execution_output` events. Visible as the execution itself.",
    ok: ok("`{ entries, status }`"),
  }),
  op("POST", "/api/executions/{id}/cancel", "cancelExecution", "Cancel an execution", {
    tag: "Executions",
    access: "user",
    params: IdParams,
    ok: ok("`{ execution }`"),
    conflict: "the execution has already finished",
  }),
];

const conversations: ApiOperation[] = [
  op("GET", "/api/agents/{name}/conversations", "listConversations", "List my chats with an agent", {
    tag: "Conversations",
    access: "user",
    params: AgentParams,
    ok: ok("`{ conversations }`"),
  }),
  op("POST", "/api/agents/{name}/conversations", "createConversation", "Start a chat", {
    tag: "Conversations",
    access: "user",
    params: AgentParams,
    ok: ok("`{ conversation }`", 201),
  }),
  op("GET", "/api/conversations/{id}", "getConversation", "Get a chat with its turns", {
    tag: "Conversations",
    access: "user",
    params: IdParams,
    description: "Its author or an admin.",
    ok: ok("`{ conversation, executions }`: its turns, oldest first"),
  }),
  op("PATCH", "/api/conversations/{id}", "renameConversation", "Rename a chat", {
    tag: "Conversations",
    access: "user",
    params: IdParams,
    body: ConversationUpdateInput,
    description: "Its author. A `title` of null goes back to the first message's text.",
    ok: ok("`{ conversation }`"),
  }),
  op("DELETE", "/api/conversations/{id}", "deleteConversation", "Delete a chat with its messages", {
    tag: "Conversations",
    access: "user",
    params: IdParams,
    description: "Its author or an admin.",
    ok: ok("No content", 204),
  }),
  op("POST", "/api/conversations/{id}/stop", "stopReply", "Stop the reply being written", {
    tag: "Conversations",
    access: "user",
    params: IdParams,
    description: "Its author or an admin.",
    ok: ok("`{ execution }`: the stopped turn"),
    conflict: "no reply is being written",
  }),
  op("POST", "/api/conversations/{id}/messages", "sendMessage", "Send a chat message", {
    tag: "Conversations",
    access: "user",
    params: IdParams,
    body: ChatMessageInput,
    description: "The reply arrives as an execution.",
    ok: ok("`{ execution }`", 202),
    conflict: "the agent is still answering the previous message",
  }),
];

const schedules: ApiOperation[] = [
  op("GET", "/api/schedules", "listAllSchedules", "Schedules overview", {
    tag: "Schedules",
    access: "user",
    query: ScheduleOverviewQuery,
    description:
      "Every schedule of every agent the caller may see, with its reading, zone, next run, last status and its runs within the window (`24h` or `7d`, at most 200 each; `upcomingCapped` says when there are more). `collisions` lists the minutes in which two or more schedules run.",
    ok: ok("`{ window, from, until, schedules, collisions }`"),
  }),
  op("GET", "/api/cron/preview", "previewCron", "Preview a cron expression", {
    tag: "Schedules",
    access: "user",
    query: CronPreviewQuery,
    description:
      "The plain-English reading of `expression`, its next `count` runs (1–50, default 5) in `timezone` (default UTC) strictly after `from` (default now), as the scheduler fires them, and `dstNotes`: for each daylight-saving change in the year after `from` that touches a time the expression names, whether that time is moved, skipped, or run once or twice.",
    ok: ok("`{ expression, timezone, description, from, runs, dstNotes }`"),
  }),
  op("GET", "/api/agents/{name}/schedules", "listSchedules", "List an agent's schedules", {
    tag: "Schedules",
    access: "user",
    params: AgentParams,
    ok: ok("`{ schedules }`, each with its next runs"),
  }),
  op("POST", "/api/agents/{name}/schedules", "createSchedule", "Create a schedule", {
    tag: "Schedules",
    access: "user",
    params: AgentParams,
    body: ScheduleCreateInput,
    description:
      "Owner or admin. A non-admin's schedule may not run more often than the minimum interval set in Settings.",
    ok: ok("`{ schedule }`", 201),
    conflict: "the agent has a schedule with this name",
  }),
  op("GET", "/api/agents/{name}/schedules/{id}", "getSchedule", "Get a schedule", {
    tag: "Schedules",
    access: "user",
    params: ScheduleParams,
    ok: ok("`{ schedule }`"),
  }),
  op("PUT", "/api/agents/{name}/schedules/{id}", "updateSchedule", "Edit a schedule", {
    tag: "Schedules",
    access: "user",
    params: ScheduleParams,
    body: ScheduleUpdateInput,
    description: "Owner or admin. Only the fields given change; `model` or `timeoutSeconds` null clears them.",
    ok: ok("`{ schedule }`"),
    conflict: "the agent has a schedule with this name",
  }),
  op("DELETE", "/api/agents/{name}/schedules/{id}", "deleteSchedule", "Delete a schedule", {
    tag: "Schedules",
    access: "user",
    params: ScheduleParams,
    description: "Owner or admin.",
    ok: ok("`{ ok: true }`"),
  }),
  op("POST", "/api/agents/{name}/schedules/{id}/enable", "enableSchedule", "Switch a schedule on", {
    tag: "Schedules",
    access: "user",
    params: ScheduleParams,
    description: "Owner or admin.",
    ok: ok("`{ schedule }`"),
  }),
  op("POST", "/api/agents/{name}/schedules/{id}/disable", "disableSchedule", "Switch a schedule off", {
    tag: "Schedules",
    access: "user",
    params: ScheduleParams,
    description: "Owner or admin.",
    ok: ok("`{ schedule }`"),
  }),
  op("POST", "/api/agents/{name}/schedules/{id}/trigger", "triggerSchedule", "Run a schedule now", {
    tag: "Schedules",
    access: "user",
    params: ScheduleParams,
    description: "Queues the schedule's message at once (any signed-in person).",
    ok: ok("`{ execution }`", 202),
  }),
  op("GET", "/api/agents/{name}/schedules/{id}/executions", "listScheduleExecutions", "List a schedule's runs", {
    tag: "Schedules",
    access: "user",
    params: ScheduleParams,
    query: ScheduleExecutionsQuery,
    description: "Newest first, by cursor.",
    ok: ok("`{ executions, nextCursor }`"),
  }),
  op("POST", "/api/agents/{name}/schedules/{id}/pause", "pauseSchedule", "Pause a schedule", {
    tag: "Schedules",
    access: "user",
    params: ScheduleParams,
    body: SchedulePauseInput,
    description:
      "Owner or admin. A paused schedule fires nothing until resumed; with `resumeAt` (in the future) the worker resumes it then. Slots that fall while paused are not caught up.",
    ok: ok("`{ schedule }` with `paused`"),
    conflict: "the schedule is paused already",
  }),
  op("POST", "/api/agents/{name}/schedules/{id}/resume", "resumeSchedule", "Resume a paused schedule", {
    tag: "Schedules",
    access: "user",
    params: ScheduleParams,
    description: "Owner or admin. The schedule's slots start again from now.",
    ok: ok("`{ schedule }`"),
    conflict: "the schedule is not paused",
  }),
  op("POST", "/api/agents/{name}/schedules/{id}/backfill", "backfillSchedule", "Backfill a past range of slots", {
    tag: "Schedules",
    access: "user",
    params: ScheduleParams,
    body: ScheduleBackfillInput,
    description: `Owner or admin. Without \`confirm\` a preview of the range's slots (at most ${BACKFILL_MAX_SLOTS}; a larger range is refused naming \`to\`), each marked \`will_run\` or \`already_ran\`; with \`confirm: true\` each slot without a run is queued once (\`queued\`) and the others reported \`skipped\`.`,
    ok: ok("`{ backfill: { confirmed, from, to, slots } }`"),
  }),
  op("GET", "/api/agents/{name}/schedules/{id}/changes", "listScheduleChanges", "List a schedule's changes", {
    tag: "Schedules",
    access: "user",
    params: ScheduleParams,
    description:
      "Who changed the schedule, how (created, updated, paused, resumed, auto_paused, enabled, disabled, backfilled, run_now) and when; newest first, the latest 50.",
    ok: ok("`{ changes }`"),
  }),
];

const skills: ApiOperation[] = [
  op("GET", "/api/skills", "listSkills", "List the skills library", {
    tag: "Skills",
    access: "user",
    ok: ok("`{ skills }`, by name"),
  }),
  op("POST", "/api/skills", "createSkill", "Create a skill", {
    tag: "Skills",
    access: "admin",
    body: SkillInput,
    ok: ok("`{ skill }`", 201),
    conflict: "a skill with this name exists",
  }),
  op("GET", "/api/skills/{name}", "getSkill", "Get a skill", {
    tag: "Skills",
    access: "user",
    params: SkillParams,
    ok: ok("`{ skill }` with its files and the agents that use it"),
  }),
  op("PUT", "/api/skills/{name}", "updateSkill", "Edit a skill", {
    tag: "Skills",
    access: "admin",
    params: SkillParams,
    body: SkillUpdateInput,
    ok: ok("`{ skill }`"),
  }),
  op("DELETE", "/api/skills/{name}", "deleteSkill", "Delete a skill", {
    tag: "Skills",
    access: "admin",
    params: SkillParams,
    ok: ok("No content", 204),
  }),
  op("POST", "/api/skills/{name}/resolve", "resolveSkillConflict", "Resolve a sync conflict", {
    tag: "Skills",
    access: "admin",
    params: SkillParams,
    body: SkillResolveInput,
    description: "Keep Cadre's version of the skill or take the source's.",
    ok: ok("`{ skill }`"),
    conflict: "the skill is not in conflict",
  }),
  op("GET", "/api/skills/sync", "getSkillSync", "Get the Git sync settings and recent syncs", {
    tag: "Skills",
    access: "admin",
    description: "The token is shown only as set or not set.",
    ok: ok("the settings, whether a sync runs, and the last results"),
  }),
  op("PUT", "/api/skills/sync", "updateSkillSync", "Change the Git sync settings", {
    tag: "Skills",
    access: "admin",
    body: SkillSyncSettingsInput,
    description: 'A `token` of `""` or null clears it; an absent one keeps it.',
    ok: ok("the settings"),
  }),
  op("POST", "/api/skills/sync", "startSkillSync", "Preview or confirm a sync of the skills from Git", {
    tag: "Skills",
    access: "admin",
    body: SkillSyncRunInput,
    description:
      '`{ "dryRun": true }` answers `{ preview }`: what the sync would add, update and remove, the agents that would lose each removed skill, and a `fingerprint`; it writes nothing. `{ "confirm": fingerprint }` applies exactly that plan and answers `{ sync }`.',
    ok: ok("`{ preview }` or `{ sync }`"),
    conflict: "a sync is already running, or the plan changed since the preview (preview again)",
  }),
  op("GET", "/api/agents/{name}/skills", "getAgentSkills", "List an agent's skills", {
    tag: "Skills",
    access: "user",
    params: AgentParams,
    ok: ok("the assigned skills, whether a restart is pending, and what the last start wrote"),
  }),
  op("PUT", "/api/agents/{name}/skills", "setAgentSkills", "Replace an agent's skills", {
    tag: "Skills",
    access: "user",
    params: AgentParams,
    body: AgentSkillsInput,
    description: "Owner or admin.",
    ok: ok("the agent's skills"),
  }),
  op("POST", "/api/agents/{name}/skills/{skill}", "assignSkill", "Assign a skill to an agent", {
    tag: "Skills",
    access: "user",
    params: AgentSkillParams,
    description: "Owner or admin. 201 when assigned, 200 when it already was.",
    ok: ok("the agent's skills", 201),
  }),
  op("DELETE", "/api/agents/{name}/skills/{skill}", "unassignSkill", "Unassign a skill from an agent", {
    tag: "Skills",
    access: "user",
    params: AgentSkillParams,
    description: "Owner or admin.",
    ok: ok("No content", 204),
  }),
];

const playbooks: ApiOperation[] = [
  op("GET", "/api/agents/{name}/playbooks", "listPlaybooks", "List an agent's playbooks", {
    tag: "Playbooks",
    access: "user",
    params: AgentParams,
    ok: ok("`{ playbooks }`: the assigned, valid, user-invocable skills"),
  }),
  op("POST", "/api/agents/{name}/playbooks/{skill}/run", "runPlaybook", "Run a playbook", {
    tag: "Playbooks",
    access: "user",
    params: AgentSkillParams,
    body: PlaybookRunInput,
    description: "Runs `/skill arguments` on the agent.",
    ok: ok("`{ execution_id, execution }`", 202),
  }),
];

const processes: ApiOperation[] = [
  op("GET", "/api/processes", "listProcesses", "List processes", {
    tag: "Processes",
    access: "user",
    ok: ok("`{ processes }`"),
  }),
  op("POST", "/api/processes", "createProcess", "Create a process from YAML", {
    tag: "Processes",
    access: "user",
    body: ProcessYamlInput,
    description: "A definition with errors is refused with 400, listing them with line and column.",
    ok: ok("`{ process }`", 201),
    conflict: "a process with this name exists",
  }),
  op("POST", "/api/processes/validate", "validateProcess", "Check a process definition", {
    tag: "Processes",
    access: "user",
    body: ProcessYamlInput,
    description: "Nothing is saved.",
    ok: ok("`{ ok, errors, steps }`: errors with line and column"),
  }),
  op("GET", "/api/processes/{id}", "getProcess", "Get a process", {
    tag: "Processes",
    access: "user",
    params: IdParams,
    ok: ok("`{ process }`"),
  }),
  op("PUT", "/api/processes/{id}", "updateProcess", "Replace a process's YAML", {
    tag: "Processes",
    access: "user",
    params: IdParams,
    body: ProcessYamlInput,
    description: "Its creator or an admin.",
    ok: ok("`{ process }`"),
    conflict: "a process with this name exists",
  }),
  op("DELETE", "/api/processes/{id}", "deleteProcess", "Delete a process", {
    tag: "Processes",
    access: "user",
    params: IdParams,
    description: "Its creator or an admin.",
    ok: ok("No content", 204),
    conflict: "the process has runs still going",
  }),
  op("GET", "/api/processes/{id}/runs", "listProcessRuns", "List a process's runs", {
    tag: "Processes",
    access: "user",
    params: IdParams,
    description: "Newest first.",
    ok: ok("`{ runs }`"),
  }),
  op("POST", "/api/processes/{id}/runs", "startProcessRun", "Start a process run", {
    tag: "Processes",
    access: "user",
    params: IdParams,
    body: RunStartInput,
    ok: ok("`{ run }`", 202),
  }),
  op("GET", "/api/process-runs/{id}", "getProcessRun", "Get a process run", {
    tag: "Processes",
    access: "user",
    params: IdParams,
    description: "With its step runs and outputs; an approval step's details only for those who may see the approval.",
    ok: ok("`{ run }`"),
  }),
  op("POST", "/api/process-runs/{id}/cancel", "cancelProcessRun", "Cancel a process run", {
    tag: "Processes",
    access: "user",
    params: IdParams,
    description: "Its starter, the process's creator or an admin.",
    ok: ok("`{ run }`"),
    conflict: "the run has already finished",
  }),
];

const approvals: ApiOperation[] = [
  op("GET", "/api/approvals", "listApprovals", "List approvals", {
    tag: "Approvals",
    access: "user",
    query: ApprovalListQuery,
    description: "Only those the caller may see, newest first, by cursor; pending by default.",
    ok: ok("`{ approvals, nextCursor, pendingCount }`: `pendingCount` is how many await the caller's decision"),
  }),
  op("GET", "/api/approvals/{id}", "getApproval", "Get an approval", {
    tag: "Approvals",
    access: "user",
    params: IdParams,
    description: "Its approvers, the run's starter and admins.",
    ok: ok("`{ approval }` with its context and decisions"),
  }),
  op("POST", "/api/approvals/{id}/decide", "decideApproval", "Approve, reject or request changes", {
    tag: "Approvals",
    access: "user",
    params: IdParams,
    body: DecideInput,
    description:
      "Eligible approvers (named, by role or by `group:<name>`) and their delegates; a delegate's decision is recorded with `onBehalfOf` and counts as that approver's. `request_changes` needs a comment; it closes the approval as `changes_requested` and the run takes the step's on_reject path, whose steps see the comment as `{{steps.<id>.comment}}`.",
    ok: ok("`{ approval }`"),
    conflict: "the approval is decided, or its deadline has passed",
  }),
  op("POST", "/api/approvals/{id}/delegate", "delegateApproval", "Delegate an approval", {
    tag: "Approvals",
    access: "user",
    params: IdParams,
    body: DelegateInput,
    description:
      "An eligible approver who has not decided hands this approval to another user, who then decides for them.",
    ok: ok("`{ delegation }`", 201),
    conflict: "the approval is decided or past its deadline, or the caller already decided",
  }),
  op("POST", "/api/approvals/{id}/links", "createApprovalLinks", "My one-click links for an approval", {
    tag: "Approvals",
    access: "user",
    params: IdParams,
    description:
      "For someone who may decide it now: `open` (the approval's page) and single-use `approve` / `reject` confirm pages, valid 72 hours and never past the deadline. Notifications carry the same links.",
    ok: ok("`{ links: { open, approve, reject, expiresAt } }`", 201),
    conflict: "the approval is decided or past its deadline",
  }),
  op("POST", "/api/approvals/act", "actOnApprovalLink", "Decide with a one-click link", {
    tag: "Approvals",
    access: "public",
    body: ActInput,
    description:
      "The confirm page of an emailed link (`/approvals/act/{token}`) posts its token here; the token names the approver and the decision, and works once, until it expires. Only from Cadre's own pages (Origin). A browser signed in as someone else is refused (403). Answers carry `Cache-Control: no-store` and `Referrer-Policy: no-referrer`.",
    ok: ok("`{ decision, approval: { id, title, status, processName } }`"),
    conflict: "the link was already used or expired, or the approval is closed",
  }),
  op("GET", "/api/delegations", "listDelegations", "List my delegations", {
    tag: "Approvals",
    access: "user",
    ok: ok("`{ given, received }`, newest first"),
  }),
  op("POST", "/api/delegations", "createDelegation", "Delegate all my approvals for a period", {
    tag: "Approvals",
    access: "user",
    body: DelegationCreateInput,
    description: "From `startsAt` (default now) to `endsAt`, the delegate decides the caller's approvals for them.",
    ok: ok("`{ delegation }`", 201),
  }),
  op("DELETE", "/api/delegations/{id}", "revokeDelegation", "Revoke a delegation", {
    tag: "Approvals",
    access: "user",
    params: IdParams,
    description: "Who gave it, or an admin. Decisions already made stay.",
    ok: ok("`{ delegation }`"),
    conflict: "it is already revoked",
  }),
  op("GET", "/api/approver-groups", "listApproverGroups", "List approver groups", {
    tag: "Approvals",
    access: "user",
    description: "Groups are used in a step's approvers as `group:<name>`.",
    ok: ok("`{ groups }` with their members"),
  }),
  op("POST", "/api/approver-groups", "createApproverGroup", "Create an approver group", {
    tag: "Approvals",
    access: "admin",
    body: GroupCreateInput,
    description: "Members are given by email.",
    ok: ok("`{ group }`", 201),
    conflict: "a group with this name exists",
  }),
  op("GET", "/api/approver-groups/{name}", "getApproverGroup", "Get an approver group", {
    tag: "Approvals",
    access: "user",
    params: GroupParams,
    ok: ok("`{ group }`"),
  }),
  op("PUT", "/api/approver-groups/{name}", "updateApproverGroup", "Edit an approver group", {
    tag: "Approvals",
    access: "admin",
    params: GroupParams,
    body: GroupUpdateInput,
    description: "`members` (emails), when given, replaces the members; they count from the next decision on.",
    ok: ok("`{ group }`"),
  }),
  op("DELETE", "/api/approver-groups/{name}", "deleteApproverGroup", "Delete an approver group", {
    tag: "Approvals",
    access: "admin",
    params: GroupParams,
    ok: ok("No content", 204),
  }),
];

const people: ApiOperation[] = [
  op("GET", "/api/me", "getMe", "Who am I", {
    tag: "People",
    access: "user",
    ok: ok("`{ user }`, with `via`: session or token"),
  }),
  op("GET", "/api/users", "listUsers", "List people", { tag: "People", access: "admin", ok: ok("`{ users }`") }),
  op("POST", "/api/users", "createUser", "Add a person", {
    tag: "People",
    access: "admin",
    body: NewUserSchema,
    ok: ok("`{ user }`", 201),
    conflict: "a person with this email exists",
  }),
  op("PATCH", "/api/users/{id}", "updateUser", "Change a person's role or name", {
    tag: "People",
    access: "admin",
    params: UserParams,
    body: UserPatchSchema,
    ok: ok("`{ user }`"),
    conflict: "changing your own role, or demoting the last admin",
  }),
  op("DELETE", "/api/users/{id}", "deleteUser", "Remove a person", {
    tag: "People",
    access: "admin",
    params: UserParams,
    ok: ok("`{ ok: true, … }`"),
    conflict: "removing yourself or the last admin",
  }),
  op("POST", "/api/users/{id}/password", "setUserPassword", "Set a person's password", {
    tag: "People",
    access: "admin",
    params: UserParams,
    body: SetPasswordSchema,
    description: "Ends the person's browser sessions and revokes their API tokens.",
    ok: ok("`{ ok: true }`"),
  }),
];

const tokens: ApiOperation[] = [
  op("GET", "/api/tokens", "listTokens", "List my API tokens", {
    tag: "API tokens",
    access: "user",
    ok: ok("`{ tokens }`: name, prefix, last use, expiry; never the token"),
  }),
  op("POST", "/api/tokens", "createToken", "Create an API token", {
    tag: "API tokens",
    access: "user",
    body: NewTokenSchema,
    description: "The token is in this answer only; Cadre keeps its SHA-256. A person's tokens have distinct names.",
    ok: ok("`{ token, record }`", 201),
    conflict: "you already have a token with this name (`details[0].field` is `name`)",
  }),
  op("DELETE", "/api/tokens/{id}", "revokeToken", "Revoke one of my API tokens", {
    tag: "API tokens",
    access: "user",
    params: TokenParams,
    description: "Someone else's token is 404.",
    ok: ok("`{ ok: true }`"),
  }),
];

const workers: ApiOperation[] = [
  op("GET", "/api/runners", "listRunners", "List worker processes", {
    tag: "Workers",
    access: "admin",
    ok: ok("every worker: name, host, parts, heartbeat, state and what its parts report"),
  }),
  op("GET", "/api/runners/names", "listRunnerNames", "List runner names", {
    tag: "Workers",
    access: "user",
    description: "The names agents may be pinned to, each with whether a worker by that name is up.",
    ok: ok("`{ runners }`"),
  }),
  op("GET", "/api/scheduler/status", "getSchedulerStatus", "Get the scheduler's status", {
    tag: "Workers",
    access: "admin",
    ok: ok("whether a scheduler runs, schedules armed, the last fire, and every worker"),
  }),
  op("GET", "/api/realtime/token", "getRealtimeToken", "Get a live-connection token", {
    tag: "Workers",
    access: "user",
    description: "A short-lived token and the worker's address, for the browser's Socket.IO connection.",
    ok: ok("`{ token, url, expiresAt }`"),
  }),
];

const settings: ApiOperation[] = [
  op("GET", "/api/settings", "getSettings", "Get the settings", {
    tag: "Settings",
    access: "admin",
    ok: ok("`{ anthropic, schedules, audit }`; the Anthropic key only as a short preview"),
  }),
  op("PUT", "/api/settings", "updateSettings", "Change the settings", {
    tag: "Settings",
    access: "admin",
    body: SettingsPatch,
    description:
      'Absent fields stay as they are; null or "" clears a stored value. `auditRetentionDays` (null: keep every entry) ' +
      "has the workers delete audit entries older than that many days. The change is recorded in the audit log.",
    ok: ok("`{ anthropic, schedules, audit }`"),
  }),
];

const audit: ApiOperation[] = [
  op("GET", "/api/audit", "listAudit", "List the audit log", {
    tag: "Audit log",
    access: "user",
    query: AuditListQuery,
    description:
      "Every change to schedules, agents, skills, settings, tokens and people, and every approval decision: who (`actor`), " +
      "when, from which address (`ip`), and the changed fields `before` and `after` (secrets masked). Admins see every " +
      "entry; anyone else only the entries about agents they own (`scope`). `action` takes an action or a prefix " +
      "(`schedule` is every schedule change); `actor` a user's id or part of the label; `q` finds text in the target, " +
      "the actor, the agent and the values. Newest first; pass `nextCursor` back as `cursor`.",
    ok: ok("`{ entries, nextCursor, scope }`"),
  }),
  op("GET", "/api/audit/export", "exportAudit", "Export the audit log", {
    tag: "Audit log",
    access: "user",
    query: AuditExportQuery,
    description:
      `The list GET /api/audit gives with the same filters, whole, up to ${AUDIT_EXPORT_CAP.toLocaleString("en")} entries ` +
      "(`X-Cadre-Truncated: true` when longer). In CSV, a cell that starts with = + - @, a tab or a carriage return gets a " +
      "leading ' so a spreadsheet does not run it.",
    ok: ok("a CSV file, or JSON `{ entries, truncated, cap }`"),
  }),
];

const notifications: ApiOperation[] = [
  op("GET", "/api/me/notifications", "getMyNotifications", "Get my notification choices", {
    tag: "Notifications",
    access: "user",
    ok: ok("`{ preferences }`: email on/off, Slack on/off, the events"),
  }),
  op("PUT", "/api/me/notifications", "updateMyNotifications", "Change my notification choices", {
    tag: "Notifications",
    access: "user",
    body: PreferencesPatch,
    description: "Absent fields stay as they are.",
    ok: ok("`{ preferences }`"),
  }),
  op("GET", "/api/notifications/settings", "getNotificationSettings", "Get the notification channels", {
    tag: "Notifications",
    access: "admin",
    ok: ok("`{ settings }`: SMTP and Slack, never the password or the webhook URL"),
  }),
  op("PUT", "/api/notifications/settings", "updateNotificationSettings", "Change the notification channels", {
    tag: "Notifications",
    access: "admin",
    body: ChannelSettingsPatch,
    description: 'Absent fields stay as they are; null or "" clears a stored value. Secrets are stored encrypted.',
    ok: ok("`{ settings }`"),
  }),
  op("POST", "/api/notifications/test", "testNotificationChannel", "Send a test email or Slack message", {
    tag: "Notifications",
    access: "admin",
    body: ChannelTest,
    ok: ok("`{ result }`: ok, the server's answer, latency"),
  }),
  op("GET", "/api/notifications/webhooks", "listWebhooks", "List webhook endpoints", {
    tag: "Notifications",
    access: "admin",
    ok: ok("`{ webhooks }`, without their secrets"),
  }),
  op("POST", "/api/notifications/webhooks", "createWebhook", "Add a webhook endpoint", {
    tag: "Notifications",
    access: "admin",
    body: WebhookCreate,
    description: "The signing secret is in this answer only.",
    ok: ok("`{ webhook }` with `secret`", 201),
  }),
  op("PATCH", "/api/notifications/webhooks/{id}", "updateWebhook", "Change a webhook endpoint", {
    tag: "Notifications",
    access: "admin",
    params: NotificationIdParams,
    body: WebhookPatch,
    ok: ok("`{ webhook }`"),
  }),
  op("DELETE", "/api/notifications/webhooks/{id}", "deleteWebhook", "Remove a webhook endpoint", {
    tag: "Notifications",
    access: "admin",
    params: NotificationIdParams,
    ok: ok("`{ ok: true }`"),
  }),
  op("POST", "/api/notifications/webhooks/{id}", "testWebhook", "Send a webhook endpoint a signed test event", {
    tag: "Notifications",
    access: "admin",
    params: NotificationIdParams,
    ok: ok("`{ result }`: ok, HTTP status, latency, the start of the answer"),
  }),
  op("GET", "/api/deliveries", "listDeliveries", "List deliveries", {
    tag: "Notifications",
    access: "admin",
    query: DeliveryListQuery,
    ok: ok("`{ deliveries, nextBefore }`, newest first"),
  }),
  op("GET", "/api/deliveries/{id}", "getDelivery", "Get a delivery and its attempts", {
    tag: "Notifications",
    access: "admin",
    params: NotificationIdParams,
    ok: ok("`{ delivery }` with `payload` and `tries`"),
  }),
  op("POST", "/api/deliveries/{id}/redeliver", "redeliver", "Send a delivery again now", {
    tag: "Notifications",
    access: "admin",
    params: NotificationIdParams,
    ok: ok("`{ delivery }`, pending again"),
    conflict: "the delivery is being sent right now",
  }),
];

// better-auth's endpoints that the pages use, behind app/api/auth/[...all]; its bodies are read by better-auth.
const session: ApiOperation[] = [
  op("POST", "/api/auth/sign-in/email", "signIn", "Sign in", {
    tag: "Session",
    access: "public",
    description:
      'Body: `{ "email": "…", "password": "…" }`. Sets the session cookie. Only from Cadre\'s own pages (Origin). Limited per address ' +
      "and per account: a refused attempt answers 429 with `Retry-After`.",
    ok: ok("the user and the session; the session cookie is set"),
  }),
  op("POST", "/api/auth/sign-out", "signOut", "Sign out", {
    tag: "Session",
    access: "public",
    description: "Ends the browser session. Only from Cadre's own pages (Origin).",
    ok: ok("`{ success: true }`"),
  }),
  op("GET", "/api/auth/get-session", "getSession", "Get the browser session", {
    tag: "Session",
    access: "public",
    ok: ok("the session and its user, or null when signed out"),
  }),
];

const setup: ApiOperation[] = [
  op("GET", "/api/setup", "getSetup", "Is first-run setup needed?", {
    tag: "Setup",
    access: "public",
    ok: ok("`{ needed }`"),
  }),
  op("POST", "/api/setup", "completeSetup", "Create the first admin", {
    tag: "Setup",
    access: "public",
    body: FirstAdminSchema,
    description:
      "Also creates the demo agent. Only from Cadre's own pages (Origin), and only while no one has an account.",
    ok: ok("`{ user }`", 201),
    conflict: "setup is already done",
  }),
];

const reference: ApiOperation[] = [
  op("GET", "/api/openapi.json", "getOpenApiDocument", "This API reference", {
    tag: "Reference",
    access: "public",
    description:
      "The OpenAPI 3.1 document of Cadre's API. Public: it describes the software, not this installation's data.",
    ok: ok("the OpenAPI document"),
  }),
];

export const API_OPERATIONS: readonly ApiOperation[] = [
  ...agents,
  ...executions,
  ...conversations,
  ...schedules,
  ...skills,
  ...playbooks,
  ...processes,
  ...approvals,
  ...people,
  ...tokens,
  ...workers,
  ...settings,
  ...audit,
  ...notifications,
  ...session,
  ...setup,
  ...reference,
];

/**
 * Route methods that the reference leaves out on purpose, each with the reason. The drift test accounts for every
 * route method: documented above, or listed here.
 */
export const UNDOCUMENTED: readonly { method: HttpMethod; route: string; reason: string }[] = [
  {
    method: "POST",
    route: "/api/internal/execute-task",
    reason:
      "the worker's hand-over of fired schedules and process steps; it needs CADRE_INTERNAL_SECRET, which only Cadre's own processes hold",
  },
  ...(["PUT", "PATCH", "DELETE"] as const).map((method) => ({
    method,
    route: "/api/auth/[...all]",
    reason:
      "exported only so the authentication catch-all answers 405 in the error shape; no endpoint behind it takes this method",
  })),
];
