// Who may change an agent: its owner or an admin; command agents run a program on the server, so only admins touch them.
import type { Identity } from "@/lib/auth/identity";
import { forbidden } from "@/lib/errors";
import type { AgentUpdateInput, Runtime } from "./schemas";

export function canManage(agent: { ownerId: string }, who: Identity): boolean {
  return who.role === "admin" || agent.ownerId === who.userId;
}

export function assertCanManage(agent: { ownerId: string; name: string }, who: Identity): void {
  if (!canManage(agent, who)) throw forbidden(`Only the owner of agent "${agent.name}" or an admin may change it`);
}

export function assertCanCreateRuntime(runtime: Runtime, who: Identity): void {
  if (runtime === "command" && who.role !== "admin") {
    throw forbidden("Only admins may create command agents (they run a program on the server)");
  }
}

/** Editing a command agent, switching to the command runtime or setting a command are admin-only. */
export function assertCanApplyUpdate(agent: { runtime: string }, input: AgentUpdateInput, who: Identity): void {
  if (who.role === "admin") return;
  const touchesCommand =
    agent.runtime === "command" ||
    input.runtime === "command" ||
    (input.command !== undefined && input.command !== null);
  if (touchesCommand) throw forbidden("Only admins may edit command agents or their command (it runs on the server)");
}
