// A local stand-in for the Anthropic Messages API, so tests can drive the real Claude Code CLI end to end.
// It answers POST /v1/messages (streaming SSE or plain JSON), count_tokens and any probe, and records every request.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/**
 * What to answer one Messages call with: text, a tool call (the CLI runs the tool and calls again with its result),
 * an HTTP error in the API's error shape, or no answer at all.
 */
export type FakeReply =
  | string
  /** a tool call, after `text` when given */
  | { toolUse: { name: string; input: Record<string, unknown> }; text?: string }
  | { error: { status: number; type: string; message: string } }
  | { hang: true };
/** May answer later (a promise), so a test can hold a reply until it has seen what happened before it. */
export type ReplyFn = (req: FakeRequest) => FakeReply | Promise<FakeReply>;

export interface FakeAnthropicOptions {
  reply?: FakeReply | ReplyFn;
  /** Usage reported for every Messages call. */
  usage?: { input_tokens: number; output_tokens: number };
}

export interface FakeAnthropic {
  url: string;
  requests: FakeRequest[];
  /** Only the POST /v1/messages calls, in order. */
  messageRequests(): FakeRequest[];
  setReply(reply: FakeReply | ReplyFn): void;
  close(): Promise<void>;
}

export const FAKE_USAGE = { input_tokens: 1234, output_tokens: 56 };

/** Whether the last user turn carries a tool's result: the CLI ran the tool a reply asked for. */
export function hasToolResult(body: any): boolean {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const last = [...messages].reverse().find((m) => m.role === "user");
  return Array.isArray(last?.content) && last.content.some((b: any) => b?.type === "tool_result");
}

/** A promise a test resolves when it lets a held reply go. */
export function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

/** The last text block of the last user turn: what was typed, without the CLI's <system-reminder> blocks. */
export function lastUserText(body: any): string {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const last = [...messages].reverse().find((m) => m.role === "user");
  if (!last) return "";
  if (typeof last.content === "string") return last.content.trim();
  const texts = (last.content as any[]).filter((b) => b.type === "text").map((b) => String(b.text));
  return (texts.at(-1) ?? "").trim();
}

function sse(res: http.ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

type Content = { type: "text"; text: string } | { type: "tool_use"; id: string; name: string; input: object };

function streamBlock(res: http.ServerResponse, index: number, content: Content): void {
  if (content.type === "text") {
    sse(res, "content_block_start", { type: "content_block_start", index, content_block: { type: "text", text: "" } });
    sse(res, "content_block_delta", {
      type: "content_block_delta",
      index,
      delta: { type: "text_delta", text: content.text },
    });
  } else {
    sse(res, "content_block_start", { type: "content_block_start", index, content_block: { ...content, input: {} } });
    sse(res, "content_block_delta", {
      type: "content_block_delta",
      index,
      delta: { type: "input_json_delta", partial_json: JSON.stringify(content.input) },
    });
  }
  sse(res, "content_block_stop", { type: "content_block_stop", index });
}

function answerMessages(
  res: http.ServerResponse,
  body: any,
  content: Content[],
  usage: FakeAnthropicOptions["usage"],
): void {
  const stopReason = content.some((c) => c.type === "tool_use") ? "tool_use" : "end_turn";
  const id = `msg_fake_${Math.random().toString(36).slice(2, 12)}`;
  const model = typeof body?.model === "string" ? body.model : "claude-sonnet-4-5";
  const { input_tokens, output_tokens } = usage ?? FAKE_USAGE;
  const baseUsage = { input_tokens, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  if (!body?.stream) {
    res.writeHead(200, { "content-type": "application/json", "request-id": id });
    res.end(
      JSON.stringify({
        id,
        type: "message",
        role: "assistant",
        model,
        content,
        stop_reason: stopReason,
        stop_sequence: null,
        usage: { ...baseUsage, output_tokens },
      }),
    );
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", "request-id": id });
  sse(res, "message_start", {
    type: "message_start",
    message: {
      id,
      type: "message",
      role: "assistant",
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: baseUsage,
    },
  });
  for (const [index, block] of content.entries()) streamBlock(res, index, block);
  sse(res, "message_delta", {
    type: "message_delta",
    delta: { stop_reason: stopReason, stop_sequence: null },
    usage: { output_tokens },
  });
  sse(res, "message_stop", { type: "message_stop" });
  res.end();
}

function sendJson(res: http.ServerResponse, status: number, data: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(data));
}

export async function startFakeAnthropic(opts: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  let reply: FakeReply | ReplyFn = opts.reply ?? ((req) => `Fake reply to: ${lastUserText(req.body)}`);
  const requests: FakeRequest[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: any = raw;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        // keep the raw text
      }
      const path = (req.url ?? "/").split("?")[0];
      const record: FakeRequest = { method: req.method ?? "GET", path, headers: req.headers, body };
      requests.push(record);

      if (req.method === "POST" && path === "/v1/messages") {
        void Promise.resolve(typeof reply === "function" ? reply(record) : reply).then((answer) => {
          if (res.destroyed) return;
          if (typeof answer === "string")
            return answerMessages(res, body, [{ type: "text", text: answer }], opts.usage);
          if ("hang" in answer) return; // left open until the client gives up or close() ends it
          if ("toolUse" in answer) {
            const id = `toolu_fake_${Math.random().toString(36).slice(2, 12)}`;
            const use: Content = { type: "tool_use", id, ...answer.toolUse };
            const blocks: Content[] = answer.text ? [{ type: "text", text: answer.text }, use] : [use];
            return answerMessages(res, body, blocks, opts.usage);
          }
          return sendJson(res, answer.error.status, {
            type: "error",
            error: { type: answer.error.type, message: answer.error.message },
          });
        });
        return;
      }
      if (req.method === "POST" && path === "/v1/messages/count_tokens") {
        const size = JSON.stringify(body?.messages ?? []).length;
        return sendJson(res, 200, { input_tokens: Math.max(1, Math.ceil(size / 4)) });
      }
      if (req.method === "HEAD") {
        res.writeHead(200);
        return res.end();
      }
      // Probes and anything else (models list, metrics, settings): a harmless empty answer, never a hang.
      if (path === "/v1/models")
        return sendJson(res, 200, { data: [], has_more: false, first_id: null, last_id: null });
      return sendJson(res, 404, { type: "error", error: { type: "not_found_error", message: `No fake for ${path}` } });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    messageRequests: () => requests.filter((r) => r.method === "POST" && r.path === "/v1/messages"),
    setReply(next) {
      reply = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
