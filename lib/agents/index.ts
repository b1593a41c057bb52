// Server-side agent API. The browser imports "lib/agents/schemas" instead (this module reaches the database).

export { assertCanApplyUpdate, assertCanCreateRuntime, assertCanManage, canManage } from "./access";
export type { AgentWithOwner } from "./agents";
export {
  createAgent,
  deleteAgent,
  getAgentDto,
  getAgentForTaskOrThrow,
  getAgentOrThrow,
  listAgents,
  startAgent,
  stopAgent,
  updateAgent,
} from "./agents";
export { DEMO_AGENT_NAME, ensureDemoAgent } from "./demo";
export { loadAgentDto, toAgentDto, toAgentDtos } from "./dto";
export * from "./schemas";
export { ensureWorkspace, removeWorkspace, workspacePathFor } from "./workspace";
