// Server-side execution API. The browser imports "lib/executions/schemas" instead (this module reaches the database).
export * from "./schemas";
export {
  createExecution,
  submitTask,
  getExecution,
  getExecutionOrThrow,
  getVisibleExecutionOrThrow,
  listExecutions,
  cancelExecution,
  assertAgentRunning,
  waitForExecution,
} from "./executions";
export type { NewExecution, CreatedExecution, SubmittedTask, ExecutionPage } from "./executions";
export { LEASE_EXPIRED_ERROR, RUNNER_STOPPED_ERROR } from "./claims";
export { listConversations, createConversation, getConversation, postMessage, renameConversation, deleteConversation, stopReply } from "./chat";
export { toExecutionDto, executionInclude, type ExecutionRow } from "./dto";
export { visibleExecutionsWhere, isPrivateExecution } from "./visibility";
