// Each agent works in <dataDir>/workspaces/<name>. Paths are built only from a validated slug and checked to stay inside.
import fs from "node:fs/promises";
import path from "node:path";
import { config } from "@/lib/config";
import { AgentName } from "./schemas";

export function workspacesRoot(): string {
  return path.join(config().dataDir, "workspaces");
}

export function workspacePathFor(name: string): string {
  const slug = AgentName.parse(name);
  const root = workspacesRoot();
  const dir = path.resolve(root, slug);
  // A slug cannot contain separators or "..", but the check keeps that true if the slug rule ever changes.
  if (path.dirname(dir) !== root) throw new Error(`workspace path escapes ${root}: ${dir}`);
  return dir;
}

export async function ensureWorkspace(name: string): Promise<string> {
  const dir = workspacePathFor(name);
  await fs.mkdir(dir, { recursive: true });
  return dir;
}

export async function removeWorkspace(name: string): Promise<void> {
  await fs.rm(workspacePathFor(name), { recursive: true, force: true });
}
