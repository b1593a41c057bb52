// The "demo" agent created at setup: a command agent that answers offline, so a new install can run a task at once.
import { db, type Tx } from "@/lib/db";
import { ensureWorkspace, workspacePathFor } from "./workspace";

export const DEMO_AGENT_NAME = "demo";
export const DEMO_AGENT_COMMAND = 'node "$CADRE_HOME/bin/demo-agent.mjs"';

/** Creates the demo agent unless an agent of that name exists. Returns true when it created it. */
export async function ensureDemoAgent(ownerId: string, tx: Tx = db): Promise<boolean> {
  const existing = await tx.agent.findUnique({ where: { name: DEMO_AGENT_NAME }, select: { id: true } });
  if (existing) return false;
  try {
    await tx.agent.create({
      data: {
        name: DEMO_AGENT_NAME,
        description: "Answers offline with a canned reply (no API key needed); try it to see how tasks and chat work.",
        runtime: "command",
        model: "sonnet",
        command: DEMO_AGENT_COMMAND,
        workspaceDir: workspacePathFor(DEMO_AGENT_NAME),
        status: "running",
        startedAt: new Date(),
        ownerId,
      },
    });
  } catch (err) {
    // Two first-run requests at once: the other one created it, which is what we wanted.
    if ((err as { code?: string }).code === "P2002") return false;
    throw err;
  }
  await ensureWorkspace(DEMO_AGENT_NAME);
  return true;
}
