// A program's output lines to transcript entries: Claude Code's stream-json events (assistant text, tool calls, their
// results, the final result) or plain lines (a command's stdout and stderr, anything Claude Code prints that is not an
// event). Each line is parsed with zod and every text bounded, so a hostile program cannot make an entry unbounded.
import { z } from "zod";
import type { OutputStream } from "@/lib/runtimes/process";
import type { RuntimeName } from "@/lib/runtimes/types";
import { clipText, type OutputData, type OutputKind } from "./output-entry";

export interface EntryDraft {
  kind: OutputKind;
  data: OutputData;
}

const TextBlock = z.object({ type: z.literal("text"), text: z.string() });
const ToolUseBlock = z.object({ type: z.literal("tool_use"), id: z.string(), name: z.string(), input: z.unknown() });
const ToolResultBlock = z.object({
  type: z.literal("tool_result"),
  tool_use_id: z.string(),
  content: z.unknown(),
  is_error: z.boolean().nullish(),
});

const StreamEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("system"), subtype: z.string().nullish(), model: z.string().nullish() }),
  z.object({ type: z.literal("assistant"), message: z.object({ content: z.array(z.unknown()) }) }),
  z.object({ type: z.literal("user"), message: z.object({ content: z.union([z.string(), z.array(z.unknown())]) }) }),
  z.object({
    type: z.literal("result"),
    subtype: z.string(),
    is_error: z.boolean().nullish(),
    result: z.string().nullish(),
    total_cost_usd: z.number().nullish(),
    duration_ms: z.number().nullish(),
    usage: z.object({ input_tokens: z.number().nullish(), output_tokens: z.number().nullish() }).nullish(),
  }),
]);

/** A tool result's content: a string, or blocks of which the text ones are kept. */
function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return content == null ? "" : JSON.stringify(content);
  return content
    .map((b) => (b && typeof b === "object" && "text" in b && typeof b.text === "string" ? b.text : ""))
    .filter(Boolean)
    .join("\n");
}

function blockEntry(block: unknown): EntryDraft | null {
  const text = TextBlock.safeParse(block);
  if (text.success) return text.data.text.trim() ? { kind: "text", data: { text: clipText(text.data.text) } } : null;
  const use = ToolUseBlock.safeParse(block);
  if (use.success) {
    const { id, name, input } = use.data;
    return {
      kind: "tool_use",
      data: { toolUseId: id.slice(0, 200), name: name.slice(0, 200), input: clipText(JSON.stringify(input ?? {})) },
    };
  }
  const result = ToolResultBlock.safeParse(block);
  if (result.success) {
    const { tool_use_id, content, is_error } = result.data;
    return {
      kind: "tool_result",
      data: { toolUseId: tool_use_id.slice(0, 200), text: clipText(contentText(content)), isError: is_error ?? false },
    };
  }
  return null;
}

function streamEventEntries(event: z.infer<typeof StreamEvent>): EntryDraft[] {
  switch (event.type) {
    case "system":
      return event.subtype === "init"
        ? [{ kind: "system", data: { text: `Claude Code started${event.model ? ` (${event.model})` : ""}` } }]
        : [];
    case "assistant":
    case "user": {
      const content = event.message.content;
      if (typeof content === "string") return [];
      return content.map(blockEntry).filter((e): e is EntryDraft => e !== null);
    }
    case "result":
      return [
        {
          kind: "result",
          data: {
            text: clipText(event.result ?? ""),
            isError: event.is_error ?? event.subtype !== "success",
            costUsd: event.total_cost_usd,
            inputTokens: event.usage?.input_tokens,
            outputTokens: event.usage?.output_tokens,
            durationMs: event.duration_ms,
          },
        },
      ];
  }
}

function claudeLine(line: string): EntryDraft[] {
  if (line.startsWith("{")) {
    try {
      const event = StreamEvent.safeParse(JSON.parse(line));
      if (event.success) return streamEventEntries(event.data);
      return []; // an event kind the transcript does not show (partial messages, hooks, …)
    } catch {
      // not JSON: shown as the line it is
    }
  }
  return [{ kind: "stdout", data: { text: clipText(line) } }];
}

/** The entries `lines` of `stream` make; blank lines make none. */
export function entriesFromLines(runtime: RuntimeName, stream: OutputStream, lines: string[]): EntryDraft[] {
  const out: EntryDraft[] = [];
  for (const raw of lines) {
    const line = raw.replace(/\r$/, "");
    if (!line.trim()) continue;
    if (runtime === "claude-code" && stream === "stdout") out.push(...claudeLine(line.trim()));
    else out.push({ kind: stream, data: { text: clipText(line) } });
  }
  return out;
}
