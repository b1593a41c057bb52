// Process validation benchmark: `node --import tsx bench/process-validation.ts`. Times the definition check (what
// POST /api/processes/validate and POST /api/processes run on the web's event loop) on a definition at every limit at
// once and on hostile texts just inside them, plus the 110 KB flood of 10,000 templates that once took 9–12 s.
// Prints the median of 5 runs, CPU and wall time, and what the check answered.
import { Lexer } from "yaml";
import { checkProcessYaml } from "@/lib/processes/definition";
import { PROCESS_LIMITS } from "@/lib/processes/schemas";

const KB = 1024;
const MAX = PROCESS_LIMITS.yamlBytes;
const tokens = (t: string) => {
  let n = 0;
  for (const _ of new Lexer().lex(t)) n++;
  return n;
};
function maximalValid(): string {
  // 100 steps, 1000 templates, as close to 256 KB as fits.
  const steps: string[] = [];
  const filler = "lorem ipsum dolor sit amet, ".repeat(72);
  for (let i = 0; i < 100; i++) {
    const tpl = Array.from({ length: 10 }, (_, k) =>
      i > 0 && k % 2 ? `{{steps.s${i - 1}.output}}` : `{{input.k${k}}}`,
    ).join(" ");
    if (i % 2 === 0)
      steps.push(
        `  - id: s${i}\n    type: agent_task\n    agent: writer\n    message: "${tpl} ${filler}"\n    model: haiku\n    timeout: 10m\n`,
      );
    else
      steps.push(
        `  - id: s${i}\n    type: human_approval\n    title: "Approve step ${i}?"\n    description: "${tpl} ${filler}"\n    approvers: [${Array.from({ length: 30 }, (_, k) => `u${k}@example.com`).join(", ")}, role:admin]\n    required_approvals: 1\n    timeout: 24h\n    on_reject: s${i - 1}\n`,
      );
  }
  return `name: maximal\ndescription: every limit at once\nsteps:\n${steps.join("")}`;
}
/** `unit` repeated as often as fits under both the byte and the token limit. */
function fill(prefix: string, unit: string, suffix = "") {
  const per = tokens(prefix + unit.repeat(10) + suffix) - tokens(prefix + suffix);
  const n = Math.min(
    Math.floor((MAX - prefix.length - suffix.length) / unit.length),
    Math.floor(((PROCESS_LIMITS.tokens - tokens(prefix + suffix) - 5) * 10) / per),
  );
  return prefix + unit.repeat(n) + suffix;
}
const head = "name: p\nsteps:\n";
const docs: Record<string, string> = {
  "maximal valid definition": maximalValid(),
  "10,000 templates in 110 KB":
    head + "  - id: a\n    type: agent_task\n    agent: x\n    message: " + "{{input.k}}".repeat(10_000) + "\n",
  "] after a key": fill(head + "x: ", "]"),
  "flow list of commas": fill(head + "x: [", ",", "]"),
  "flow list of items": fill(head + "x: [", "a, ", "]"),
  "'- : :' lines": fill(head, "- : : : : : : \n"),
  "bad indents": fill(head, " a\nb\n"),
  "unknown root keys": fill("name: p\n", "k: 1\n")
    .split("\n")
    .map((l, i) => (l === "k: 1" ? `k${i}: 1` : l))
    .join("\n"),
  "tiny steps (more than 100)": fill(head, "  - a\n"),
  "100 steps full of unknown keys":
    head +
    Array.from(
      { length: 100 },
      (_, i) =>
        `  - id: s${i}\n    type: agent_task\n    agent: a\n    message: m\n` +
        Array.from({ length: 40 }, (_, k) => `    u${k}: 1\n`).join(""),
    ).join(""),
  "10 aliases to a big list":
    `base: &b [${Array.from({ length: 4000 }, () => "x").join(", ")}]\nname: p\nsteps:\n` +
    Array.from({ length: 10 }, () => `  - *b\n`).join(""),
  "flow nesting 16 deep, repeated": fill(head + "x:\n", "  - " + "[".repeat(15) + "]".repeat(15) + "\n"),
  "1000 templates on one line":
    head + "  - id: a\n    type: agent_task\n    agent: x\n    message: " + "{{input.k}}".repeat(1000) + "\n",
  "{{ and 100,000 spaces":
    head + '  - id: a\n    type: agent_task\n    agent: x\n    message: "{{' + " ".repeat(99_000) + '"\n',
  "long block scalar": fill(
    head + "  - id: a\n    type: agent_task\n    agent: x\n    message: |\n",
    "      a line of the message text\n",
  ),
};

function cpuMs(f: () => unknown): { cpu: number; wall: number } {
  const c = process.cpuUsage();
  const t = performance.now();
  f();
  const d = process.cpuUsage(c);
  return { cpu: (d.user + d.system) / 1000, wall: performance.now() - t };
}
console.log("limits", JSON.stringify(PROCESS_LIMITS));
let worst = 0;
for (const [name, text] of Object.entries(docs)) {
  const runs = [0, 1, 2, 3, 4].map(() => cpuMs(() => checkProcessYaml(text, { agentExists: () => true })));
  const r = checkProcessYaml(text, { agentExists: () => true });
  const med = (xs: number[]) => xs.sort((a, b) => a - b)[2];
  const cpu = med(runs.map((x) => x.cpu));
  worst = Math.max(worst, cpu);
  console.log(
    `${name.padEnd(32)} ${(Buffer.byteLength(text) / KB).toFixed(0).padStart(4)} KB ${String(tokens(text)).padStart(6)} tokens  cpu ${cpu.toFixed(0).padStart(4)} ms  wall ${med(
      runs.map((x) => x.wall),
    )
      .toFixed(0)
      .padStart(4)} ms  ` +
      (r.definition
        ? `valid, ${r.steps.length} steps`
        : `${r.limit ? "limit: " : ""}${r.errors.length} error(s): ${r.errors[0]?.message.slice(0, 60)}`),
  );
}
console.log(`slowest median: ${worst.toFixed(0)} ms of CPU`);
