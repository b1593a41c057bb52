// Chat: one person's conversation with one agent. Each message is an execution (trigger "chat"); turns run one at a
// time so each can continue the Claude Code session the previous turn left on the conversation.
import { getAgentOrThrow } from "../agents/agents";
import type { Identity } from "../auth/identity";
import { db } from "../db";
import { conflict, forbidden, notFound } from "../errors";
import { executionInclude, toExecutionDto } from "./dto";
import { createExecution } from "./executions";
import type { ChatMessageInput, ConversationDto, ExecutionDto } from "./schemas";

const PREVIEW_CHARS = 120;

const conversationInclude = {
  agent: { select: { name: true } },
  executions: { orderBy: [{ createdAt: "asc" as const }, { id: "asc" as const }], take: 1, select: { message: true } },
};

type ConversationRow = {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  agent: { name: string };
  executions: { message: string }[];
};

function toConversationDto(c: ConversationRow): ConversationDto {
  const first = c.executions[0]?.message ?? null;
  return {
    id: c.id,
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

export async function createConversation(agentName: string, who: Identity): Promise<ConversationDto> {
  const agent = await getAgentOrThrow(agentName);
  const row = await db.conversation.create({ data: { agentId: agent.id, userId: who.userId }, include: conversationInclude });
  return toConversationDto(row);
}

async function getConversationRowOrThrow(id: string) {
  const conversation = await db.conversation.findUnique({ where: { id }, include: { agent: true } });
  // A deleted agent's conversations go with it at once, though a worker removes the rows later.
  if (!conversation || conversation.agent.deletedAt) throw notFound(`Conversation "${id}"`);
  return conversation;
}

/** The conversation with its turns, oldest first. Its owner or an admin may read it. */
export async function getConversation(id: string, who: Identity) {
  const conversation = await getConversationRowOrThrow(id);
  if (conversation.userId !== who.userId && who.role !== "admin") throw forbidden("This conversation belongs to someone else");
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
  if (conversation.userId !== who.userId) throw forbidden("Only the person who started this conversation may post in it");
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
