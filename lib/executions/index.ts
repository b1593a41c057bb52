// Server-side execution API. The browser imports "lib/executions/schemas" instead (this module reaches the database).

export {
  createConversation,
  deleteConversation,
  getConversation,
  listConversations,
  postMessage,
  renameConversation,
  stopReply,
} from "./chat";
export { LEASE_EXPIRED_ERROR, RUNNER_STOPPED_ERROR } from "./claims";
export { type ExecutionRow, executionInclude, toExecutionDto } from "./dto";
export type { CreatedExecution, ExecutionPage, NewExecution, SubmittedTask } from "./executions";
export {
  assertAgentRunning,
  cancelExecution,
  createExecution,
  getExecution,
  getExecutionOrThrow,
  getVisibleExecutionOrThrow,
  listExecutions,
  submitTask,
  waitForExecution,
} from "./executions";
export { exportRuns, listRuns, rerunExecution } from "./runs";
export { runsToCsv } from "./runs-export";
export * from "./schemas";
export { isPrivateExecution, visibleExecutionsWhere } from "./visibility";
