#!/usr/bin/env node
// Cadre's demo agent: reads a task on stdin and answers with a deterministic reply. No network, no API key,
// so a fresh install can run tasks, chats and schedules at once. Cadre runs it as a `command` agent.
import os from "node:os";

const MAX_ECHO = 400;

function readStdin() {
  return new Promise((resolve) => {
    if (process.stdin.isTTY) return resolve("");
    const chunks = [];
    process.stdin.on("data", (c) => chunks.push(c));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function summary(text) {
  const words = text.split(/\s+/).filter(Boolean);
  const lines = text.split("\n").filter((l) => l.trim()).length;
  const shown = text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text;
  return [
    `Demo agent received ${plural(words.length, "word")} on ${plural(lines, "line")} (${plural(text.length, "character")}):`,
    "",
    ...shown.split("\n").map((l) => `> ${l}`),
  ].join("\n");
}

const HELP = [
  "I am Cadre's demo agent. I run on this server without an API key and answer every task the same way:",
  "I echo it back with a word count, so you can see how tasks, executions, chat and schedules work.",
  "",
  "Try sending me:",
  '- "time"   → the server\'s current date and time',
  '- "env"    → what Cadre tells a command agent about the run (agent, model, workspace)',
  '- "help"   → this text',
  "",
  "For real work, create an agent with the claude-code runtime and set an Anthropic API key in Settings.",
].join("\n");

/** Answers for a few one-word tasks; anything else gets the summary alone. */
function special(task) {
  const word = task
    .trim()
    .toLowerCase()
    .replace(/[?!.]+$/, "");
  if (["help", "hi", "hello", "?", "what can you do"].includes(word)) return HELP;
  if (["time", "date", "now", "what time is it"].includes(word)) {
    const now = new Date();
    return `It is ${now.toISOString()} (server time zone ${Intl.DateTimeFormat().resolvedOptions().timeZone}).`;
  }
  if (word === "env") {
    return [
      `Agent: ${process.env.CADRE_AGENT ?? "(not set)"}`,
      `Model: ${process.env.CADRE_MODEL ?? "(not set)"}`,
      `Execution: ${process.env.CADRE_EXECUTION_ID ?? "(not set)"}`,
      `Workspace: ${process.cwd()}`,
      `Host: ${os.hostname()}`,
    ].join("\n");
  }
  return null;
}

const task = (await readStdin()).replace(/\s+$/, "");
if (!task.trim()) {
  console.log('Demo agent received an empty task. Send me some text, or "help" to see what I can do.');
} else {
  console.log(special(task) ?? summary(task));
}
