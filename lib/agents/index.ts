// Server-side agent API. The browser imports "lib/agents/schemas" instead (this module reaches the database).
export * from "./schemas";
export { listAgents, getAgentOrThrow, getAgentForTaskOrThrow, getAgentDto, createAgent, updateAgent, deleteAgent, startAgent, stopAgent } from "./agents";
export type { AgentWithOwner } from "./agents";
export { toAgentDto, toAgentDtos, loadAgentDto } from "./dto";
export { assertCanManage, canManage, assertCanCreateRuntime, assertCanApplyUpdate } from "./access";
export { ensureDemoAgent, DEMO_AGENT_NAME } from "./demo";
export { workspacePathFor, ensureWorkspace, removeWorkspace } from "./workspace";
