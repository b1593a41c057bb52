// Chat: one person's conversation with one agent. Each message is an execution (trigger "chat"); turns run one at a
// time so each can continue the Claude Code session the previous turn left on the conversation.
import { getAgentOrThrow } from "@/lib/agents/agents";
import type { Identity } from "@/lib/auth/identity";
import { db } from "@/lib/db";
import { conflict, forbidden, notFound } from "@/lib/errors";
import { parseSlashMessage } from "@/lib/skills/arguments";
import { findPlaybook } from "@/lib/skills/expand";
import { assertRequiredArguments } from "@/lib/skills/playbooks";
import { executionInclude, toExecutionDto } from "./dto";
import { cancelExecution, createExecution } from "./executions";
import type { ChatMessageInput, ConversationDto, ConversationUpdateInput, ExecutionDto } from "./schemas";

const PREVIEW_CHARS = 120;

const conversationInclude = {
  agent: { select: { name: true } },
  executions: { orderBy: [{ createdAt: "asc" as const }, { id: "asc" as const }], take: 1, select: { message: true } },
};

type ConversationRow = {
  id: string;
  title: string | null;
  createdAt: Date;
  updatedAt: Date;
  agent: { name: string };
  executions: { message: string }[];
};

function toConversationDto(c: ConversationRow): ConversationDto {
  const first = c.executions[0]?.message ?? null;
  return {
    id: c.id,
    title: c.title,
    agentName: c.agent.name,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    preview: first && first.length > PREVIEW_CHARS ? `${first.slice(0, PREVIEW_CHARS)}…` : first,
  };
}

/** The caller's own conversations with the agent, most recently active first. */
export async function listConversations(agentName: string, who: Identity): Promise<ConversationDto[]> {
  const agent = await getAgentOrThrow(agentName);
  const rows = await db.conversation.findMany({
    where: { agentId: agent.id, userId: who.userId },
    orderBy: { updatedAt: "desc" },
    include: conversationInclude,
  });
  return rows.map(toConversationDto);
}

/**
 * A conversation to write in: the caller's newest one with the agent that has no message yet when there is one (so
 * starting afresh again and again does not pile up empty conversations), else a new one.
 */
export async function createConversation(
  agentName: string,
  who: Identity,
): Promise<{ conversation: ConversationDto; created: boolean }> {
  const agent = await getAgentOrThrow(agentName);
  const empty = await db.conversation.findFirst({
    where: { agentId: agent.id, userId: who.userId, executions: { none: {} } },
    orderBy: { updatedAt: "desc" },
    include: conversationInclude,
  });
  if (empty) return { conversation: toConversationDto(empty), created: false };
  const row = await db.conversation.create({
    data: { agentId: agent.id, userId: who.userId },
    include: conversationInclude,
  });
  return { conversation: toConversationDto(row), created: true };
}

async function getConversationRowOrThrow(id: string) {
  const conversation = await db.conversation.findUnique({ where: { id }, include: { agent: true } });
  // A deleted agent's conversations go with it at once, though a worker removes the rows later.
  if (!conversation || conversation.agent.deletedAt) throw notFound(`Conversation "${id}"`);
  return conversation;
}

function assertMayRead(conversation: { userId: string }, who: Identity): void {
  if (conversation.userId !== who.userId && who.role !== "admin")
    throw forbidden("This conversation belongs to someone else");
}

/** The conversation with its turns, oldest first. Its owner or an admin may read it. */
export async function getConversation(id: string, who: Identity) {
  const conversation = await getConversationRowOrThrow(id);
  assertMayRead(conversation, who);
  const [row, executions] = await Promise.all([
    db.conversation.findUniqueOrThrow({ where: { id }, include: conversationInclude }),
    db.execution.findMany({
      where: { conversationId: id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      include: executionInclude,
    }),
  ]);
  return { conversation: toConversationDto(row), executions: executions.map(toExecutionDto) };
}

/**
 * Sends the next turn. Refused while the previous turn is queued or running: the new turn must resume the session
 * that turn produces. Bumping updatedAt from the value read is the conditional write that lets only one of two
 * simultaneous posts through.
 */
export async function postMessage(id: string, input: ChatMessageInput, who: Identity): Promise<ExecutionDto> {
  const conversation = await getConversationRowOrThrow(id);
  if (conversation.userId !== who.userId)
    throw forbidden("Only the person who started this conversation may post in it");
  await assertPlaybookArguments(conversation.agentId, input.message);
  const active = await db.execution.count({ where: { conversationId: id, status: { in: ["queued", "running"] } } });
  if (active > 0) throw conflict("The agent is still answering the previous message; wait for the reply or cancel it");
  const { count } = await db.conversation.updateMany({
    where: { id, updatedAt: conversation.updatedAt },
    data: { updatedAt: new Date() },
  });
  if (count === 0) throw conflict("Another message was just sent in this conversation; wait for its reply");
  const { execution } = await createExecution({
    agent: conversation.agent,
    message: input.message,
    model: input.model,
    trigger: "chat",
    createdById: who.userId,
    conversationId: id,
  });
  return toExecutionDto(execution);
}

/** `/name` naming one of the agent's playbooks must carry the arguments its hint marks required. */
async function assertPlaybookArguments(agentId: string, message: string): Promise<void> {
  const command = parseSlashMessage(message);
  if (!command) return;
  const skill = await findPlaybook(agentId, command.name);
  if (skill) assertRequiredArguments(skill, command.args, "message");
}

const PENDING = ["queued", "running"];

/**
 * Its author renames it (null gives it back its first message as the name). The activity time is kept, so a rename
 * does not move it up the list; writing only over the time read keeps a message posted meanwhile from being undone.
 */
export async function renameConversation(
  id: string,
  input: ConversationUpdateInput,
  who: Identity,
): Promise<ConversationDto> {
  const conversation = await getConversationRowOrThrow(id);
  if (conversation.userId !== who.userId)
    throw forbidden("Only the person who started this conversation may rename it");
  const { count } = await db.conversation.updateMany({
    where: { id, updatedAt: conversation.updatedAt },
    data: { title: input.title, updatedAt: conversation.updatedAt },
  });
  if (count === 0) throw conflict("The conversation changed meanwhile; try again");
  return toConversationDto(await db.conversation.findUniqueOrThrow({ where: { id }, include: conversationInclude }));
}

/**
 * Deletes the conversation and its messages (their executions), for its author or an admin. Refused while a reply is
 * being written: stop it first (the runner holding it must record its end).
 */
export async function deleteConversation(id: string, who: Identity): Promise<void> {
  const conversation = await getConversationRowOrThrow(id);
  if (conversation.userId !== who.userId && who.role !== "admin")
    throw forbidden("Only its author or an admin may delete this conversation");
  await db.$transaction(async (tx) => {
    const pending = await tx.execution.count({ where: { conversationId: id, status: { in: PENDING } } });
    if (pending > 0) throw conflict("A reply is being written in this conversation; stop it first, then delete");
    await tx.execution.deleteMany({ where: { conversationId: id } });
    // Only over the activity time read: a message posted meanwhile makes this a 409 and undoes the whole change.
    const { count } = await tx.conversation.deleteMany({ where: { id, updatedAt: conversation.updatedAt } });
    if (count === 0) throw conflict("A message was just sent in this conversation; try again");
  });
}

/**
 * Stops the reply being written: the turn still queued or running is cancelled (a running one by the runner that
 * holds it, through the row, wherever it runs). Its author or an admin; 409 when no reply is in progress.
 */
export async function stopReply(id: string, who: Identity): Promise<ExecutionDto> {
  const conversation = await getConversationRowOrThrow(id);
  assertMayRead(conversation, who);
  const turn = await db.execution.findFirst({
    where: { conversationId: id, status: { in: PENDING } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true },
  });
  if (!turn) throw conflict("No reply is being written in this conversation");
  return cancelExecution(turn.id, who);
}
