// The `claude-code` runtime with the real Claude Code CLI, pointed at a local fake Messages server.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import test, { after } from "node:test";
import { MISSING_KEY_ERROR, type RunInput, runTask } from "@/lib/runtimes";
import { FAKE_USAGE, lastUserText, startFakeAnthropic } from "./support/fake-anthropic";

const API_KEY = "sk-ant-test-0123456789abcdef";
const fake = await startFakeAnthropic();
after(() => fake.close());

function workspace(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "cadre-claude-"));
}

function claudeInput(over: Partial<RunInput> = {}): RunInput {
  return {
    runtime: "claude-code",
    workspaceDir: workspace(),
    message: "What is the capital of France?",
    model: "haiku",
    timeoutMs: 30_000,
    signal: new AbortController().signal,
    anthropic: { apiKey: API_KEY, baseUrl: fake.url },
    // One attempt per request: the error tests should fail at once, not after the CLI's backoff.
    env: { CLAUDE_CODE_MAX_RETRIES: "0" },
    ...over,
  };
}

/** The Messages calls made during `run`, so each test looks only at its own. */
async function messagesDuring<T>(
  run: () => Promise<T>,
): Promise<{ result: T; calls: ReturnType<typeof fake.messageRequests> }> {
  const before = fake.messageRequests().length;
  const result = await run();
  return { result, calls: fake.messageRequests().slice(before) };
}

const textOf = (content: unknown): string => (typeof content === "string" ? content : JSON.stringify(content));

test("a task runs through the CLI: response, cost, tokens, model and session are recorded", async () => {
  fake.setReply((req) => `Paris. (You asked: ${lastUserText(req.body)})`);
  const { result, calls } = await messagesDuring(() => runTask(claudeInput()));
  assert.equal(result.status, "succeeded", result.error ?? "");
  assert.equal(result.response, "Paris. (You asked: What is the capital of France?)");
  assert.equal(result.error, null);
  assert.equal(result.exitCode, 0);
  assert.ok(result.costUsd! > 0, `cost ${result.costUsd}`);
  assert.equal(result.inputTokens, FAKE_USAGE.input_tokens);
  assert.equal(result.outputTokens, FAKE_USAGE.output_tokens);
  assert.equal(result.cacheReadTokens, 0);
  assert.equal(result.cacheCreationTokens, 0);
  assert.equal(result.numTurns, 1);
  assert.match(result.sessionId!, /^[0-9a-f-]{36}$/);
  assert.match(result.model!, /^claude-.*haiku/);
  assert.ok(result.durationMs > 0);

  assert.equal(calls.length, 1);
  assert.equal(lastUserText(calls[0].body), "What is the capital of France?");
  assert.equal(calls[0].headers["x-api-key"], API_KEY);
  assert.match(calls[0].body.model, /haiku/);
});

test("a second run with resumeSessionId continues the same conversation", async () => {
  fake.setReply((req) => `Answer to: ${lastUserText(req.body)}`);
  const workspaceDir = workspace();
  const first = await runTask(claudeInput({ workspaceDir, message: "Remember the word heliotrope." }));
  assert.equal(first.status, "succeeded", first.error ?? "");

  const { result: second, calls } = await messagesDuring(() =>
    runTask(
      claudeInput({ workspaceDir, message: "Which word did I ask you to remember?", resumeSessionId: first.sessionId }),
    ),
  );
  assert.equal(second.status, "succeeded", second.error ?? "");
  assert.equal(second.response, "Answer to: Which word did I ask you to remember?");
  assert.equal(second.sessionId, first.sessionId);

  const messages: Array<{ role: string; content: unknown }> = calls.at(-1)!.body.messages;
  assert.deepEqual(messages.map((m) => m.role).slice(-3), ["user", "assistant", "user"]);
  assert.match(textOf(messages.at(-3)!.content), /Remember the word heliotrope\./);
  assert.match(textOf(messages.at(-2)!.content), /Answer to: Remember the word heliotrope\./);
});

test("a slash command from the workspace's .claude/commands is expanded before it is sent", async () => {
  const workspaceDir = workspace();
  fs.mkdirSync(path.join(workspaceDir, ".claude", "commands"), { recursive: true });
  fs.writeFileSync(
    path.join(workspaceDir, ".claude", "commands", "daily-report.md"),
    "---\ndescription: Daily report\n---\nWrite the daily report for $ARGUMENTS in three bullet points.\n",
  );
  fake.setReply("- one\n- two\n- three");
  const { result, calls } = await messagesDuring(() =>
    runTask(claudeInput({ workspaceDir, message: "/daily-report sales" })),
  );
  assert.equal(result.status, "succeeded", result.error ?? "");
  assert.equal(result.response, "- one\n- two\n- three");
  assert.equal(lastUserText(calls.at(-1)!.body), "Write the daily report for sales in three bullet points.");
});

test("an API error fails the run with the error recorded, quickly, and never shows the key", async () => {
  fake.setReply({
    error: { status: 400, type: "invalid_request_error", message: `temperature: must be at most 1 (key ${API_KEY})` },
  });
  const started = Date.now();
  const { result, calls } = await messagesDuring(() => runTask(claudeInput()));
  assert.equal(result.status, "failed");
  assert.ok(calls.length >= 1, "the request reached the server");
  assert.match(result.error!, /400/);
  assert.match(result.error!, /temperature: must be at most 1/);
  assert.ok(!result.error!.includes(API_KEY), result.error!);
  assert.ok(!(result.stderr ?? "").includes(API_KEY));
  assert.equal(result.response, null);
  assert.ok(Date.now() - started < 20_000, "no long retry loop");
});

test("an unreachable API fails instead of hanging", async () => {
  const { result } = await messagesDuring(() =>
    runTask(claudeInput({ anthropic: { apiKey: API_KEY, baseUrl: "http://127.0.0.1:9" } })),
  );
  assert.equal(result.status, "failed");
  assert.match(result.error!, /connect/i);
});

/** Processes whose working directory is `dir`: the CLI and anything it started there. */
function processesIn(dir: string): number[] {
  const real = fs.realpathSync(dir);
  return fs
    .readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .flatMap((pid) => {
      try {
        return fs.readlinkSync(`/proc/${pid}/cwd`) === real ? [Number(pid)] : [];
      } catch {
        return [];
      }
    });
}

test("cancelling while the API is answering stops the CLI; a timeout does too", async () => {
  fake.setReply({ hang: true });
  const control = new AbortController();
  const workspaceDir = workspace();
  const before = fake.messageRequests().length;
  const waitForRequest = setInterval(() => {
    if (fake.messageRequests().length > before) control.abort();
  }, 50);
  const cancelled = await runTask(claudeInput({ workspaceDir, signal: control.signal }));
  clearInterval(waitForRequest);
  assert.equal(cancelled.status, "cancelled");
  assert.deepEqual(processesIn(workspaceDir), []);

  const timedOut = await runTask(claudeInput({ workspaceDir, timeoutMs: 2500 }));
  assert.equal(timedOut.status, "timed_out");
  assert.equal(timedOut.error, "timed out after 2.5 s");
  assert.deepEqual(processesIn(workspaceDir), []);
});

test("resuming an unknown session fails with the CLI's reason", async () => {
  const { result, calls } = await messagesDuring(() =>
    runTask(claudeInput({ resumeSessionId: "00000000-0000-4000-8000-000000000000" })),
  );
  assert.equal(result.status, "failed");
  assert.match(result.error!, /^Claude Code exited with code 1: No conversation found/);
  assert.equal(calls.length, 0);
});

test("without an API key the run fails before starting the CLI", async () => {
  const { result, calls } = await messagesDuring(() => runTask(claudeInput({ anthropic: { baseUrl: fake.url } })));
  assert.equal(result.status, "failed");
  assert.equal(result.error, MISSING_KEY_ERROR);
  assert.equal(calls.length, 0);
});

test("a CLI that cannot be found fails with a clear error", async () => {
  const result = await runTask(claudeInput({ claudeBin: "/nonexistent/claude" }));
  assert.equal(result.status, "failed");
  assert.match(result.error!, /^could not start: .*ENOENT/);
});
