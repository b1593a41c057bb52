// Bounded input: a process definition past one of its limits (size, templates, steps, nesting, aliases, tokens) is
// refused with a 400 naming the limit, by validate as well as by save, before the work that grows with it; a run's
// input is bounded in depth and size; SKILL.md frontmatter is read with the same bounded reader; cron expressions and
// time zones over their length are refused as they are; template lookups stay linear.
import assert from "node:assert/strict";
import { test } from "node:test";
import { setupTestEnv } from "./support/env";

setupTestEnv("input-bounds");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { db } = await import("@/lib/db");
const { createCommandAgent } = await import("./support/processes");
const { PROCESS_LIMITS, RUN_INPUT_LIMITS } = await import("@/lib/processes/schemas");
const { templateRefs, renderTemplate } = await import("@/lib/processes/templates");
const { parseSkillMd } = await import("@/lib/skills/parse");
const processesRoute = await import("@/app/api/processes/route");
const validateRoute = await import("@/app/api/processes/validate/route");
const runsRoute = await import("@/app/api/processes/[id]/runs/route");
const schedulesRoute = await import("@/app/api/agents/[name]/schedules/route");

const admin = await createTestUser("admin");
const user = await createTestUser("user");
await createCommandAgent(admin, "writer", "cat");

const validate = (yaml: string) =>
  call(validateRoute, "POST", "/api/processes/validate", { token: user.token, body: { yaml } });
const create = (yaml: string) => call(processesRoute, "POST", "/api/processes", { token: user.token, body: { yaml } });

const step = (i: number, message = "hello") =>
  `  - id: s${i}\n    type: agent_task\n    agent: writer\n    message: "${message}"\n`;
const definition = (steps: string) => `name: bounded\nsteps:\n${steps}`;

/** Both validate and save answer 400 naming the limit, and nothing is written. */
async function expectLimit(yaml: string, limit: number, message: RegExp) {
  const before = await db.process.count();
  for (const res of [await validate(yaml), await create(yaml)]) {
    assert.equal(res.status, 400, JSON.stringify(res.body).slice(0, 500));
    assert.equal(res.body.error.code, "validation_failed");
    const detail = res.body.error.details[0];
    assert.equal(detail.field, "yaml");
    assert.equal(detail.limit, limit, JSON.stringify(detail));
    assert.match(detail.message, message);
    assert.match(res.body.error.message, message);
  }
  assert.equal(await db.process.count(), before);
}

test("10,000 templates in 110 KB: refused at the template limit, by validate and by save", async () => {
  const yaml = definition(
    `  - id: a\n    type: agent_task\n    agent: writer\n    message: ${"{{input.k}}".repeat(10_000)}\n`,
  );
  assert.ok(yaml.length > 110_000);
  await expectLimit(yaml, PROCESS_LIMITS.templates, /more than 1,000 templates/);
});

test("a definition at the template limit is still read and checked", async () => {
  const perStep = PROCESS_LIMITS.templates / PROCESS_LIMITS.steps;
  const steps = Array.from({ length: PROCESS_LIMITS.steps }, (_, i) => step(i, "{{input.k}} ".repeat(perStep))).join(
    "",
  );
  const res = await validate(definition(steps));
  assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 500));
  assert.equal(res.body.ok, true, JSON.stringify(res.body.errors));
  assert.equal(res.body.steps.length, PROCESS_LIMITS.steps);
});

test("a definition larger than 256 KB is refused naming the size", async () => {
  const yaml = definition(step(0, "x".repeat(PROCESS_LIMITS.yamlBytes)));
  for (const res of [await validate(yaml), await create(yaml)]) {
    assert.equal(res.status, 400);
    assert.equal(res.body.error.details[0].field, "yaml");
    assert.match(res.body.error.details[0].message, /at most 256 KB/);
  }
  // Bytes, not characters: 100,000 three-byte characters are 300 KB.
  const wide = await validate(definition(step(0, "€".repeat(100_000))));
  assert.equal(wide.status, 400);
  assert.match(wide.body.error.details[0].message, /at most 256 KB/);
});

test("more than 100 steps: refused at the step limit before any per-step work", async () => {
  const steps = Array.from({ length: 150 }, (_, i) => step(i)).join("");
  await expectLimit(definition(steps), PROCESS_LIMITS.steps, /more than 100 steps \(150\)/);
});

test("nesting past the limit, flow or block, is refused", async () => {
  await expectLimit(
    definition(`  - ${"[".repeat(40)}${"]".repeat(40)}\n`),
    PROCESS_LIMITS.depth,
    /nested more than 16 levels/,
  );
  const block = Array.from({ length: 20 }, (_, i) => `${"  ".repeat(i + 1)}k${i}:\n`).join("");
  await expectLimit(
    `name: bounded\nsteps:\n  - id: a\n    extra:\n${block.replace(/^/gm, "    ")}`,
    PROCESS_LIMITS.depth,
    /nested more than 16 levels/,
  );
});

test("more aliases than allowed: refused (an alias bomb never expands)", async () => {
  const bomb = [
    "a: &a [x, x, x, x, x, x, x, x, x, x]",
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
    "name: bounded",
    "steps: [*c]",
  ].join("\n");
  await expectLimit(bomb, PROCESS_LIMITS.aliases, /more than 10 aliases/);
});

test("more YAML tokens than allowed: refused before parsing", async () => {
  await expectLimit(
    `name: bounded\nsteps: [${"a,".repeat(PROCESS_LIMITS.tokens)}]\n`,
    PROCESS_LIMITS.tokens,
    /more than 20,000 YAML tokens/,
  );
});

test("a syntax error per token is one mistake: reported once, at its line", async () => {
  const res = await validate(definition(`  - x: ${"]".repeat(5000)}\n`));
  assert.equal(res.status, 200);
  assert.equal(res.body.ok, false);
  assert.equal(res.body.errors.length, 1, JSON.stringify(res.body.errors).slice(0, 500));
  assert.equal(res.body.errors[0].line, 3);
});

test("a repeated key is still reported at its place (found with a set, not by comparing every pair)", async () => {
  const keys = Array.from({ length: 2000 }, (_, i) => `k${i}: 1`).join("\n");
  const res = await validate(`name: dup\nsteps: []\n${keys}\nk7: 2\n`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.errors, [
    { message: '"k7" is written twice at the same level; keep one', line: 2003, column: 1, path: null },
  ]);
});

test("templates are found in linear time: `{{` followed by spaces and no `}}`", () => {
  // The old pattern backtracked cubically here (4,000 spaces took 40 s).
  const text = `{{${" ".repeat(50_000)}`;
  assert.deepEqual(templateRefs(text), []);
  assert.equal(renderTemplate(`${text}{{ input.a }}`, { input: { a: "A" }, steps: {} }), `${text}A`);
  assert.deepEqual(templateRefs("{{  steps.draft.output  }}"), [
    { kind: "step", stepId: "draft", field: "output", text: "steps.draft.output" },
  ]);
});

test("a run's input: nested past 16 levels or over 100,000 characters is refused naming the input", async () => {
  const created = await call(processesRoute, "POST", "/api/processes", {
    token: admin.token,
    body: { yaml: definition(step(0)).replace("bounded", "runs-bounded") },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.process.id;
  const start = (input: unknown) =>
    call(runsRoute, "POST", `/api/processes/${id}/runs`, { token: user.token, params: { id }, body: { input } });

  let deep: unknown = "leaf";
  for (let i = 0; i < RUN_INPUT_LIMITS.depth + 4; i++) deep = { k: deep };
  const tooDeep = await start(deep);
  assert.equal(tooDeep.status, 400, JSON.stringify(tooDeep.body));
  assert.equal(tooDeep.body.error.details[0].field, "input");
  assert.match(tooDeep.body.error.details[0].message, /nested more than 16 levels/);

  // 4,500 levels once gave a 500; whichever check meets it first, it is a 400 now.
  const res = await call(runsRoute, "POST", `/api/processes/${id}/runs`, {
    token: user.token,
    params: { id },
    rawBody: `{"input":${'{"k":'.repeat(4500)}1${"}".repeat(4500)}}`,
    headers: { "content-type": "application/json" },
  });
  assert.equal(res.status, 400, JSON.stringify(res.body));

  const tooBig = await start({ text: "x".repeat(RUN_INPUT_LIMITS.chars) });
  assert.equal(tooBig.status, 400);
  assert.equal(tooBig.body.error.details[0].field, "input");
  assert.match(tooBig.body.error.details[0].message, /larger than 100,000 characters/);
  assert.equal(await db.processRun.count(), 0);

  const fine = await start({ week: "2026-W48", nested: { a: [1, 2, { b: true }] } });
  assert.equal(fine.status, 202, JSON.stringify(fine.body));
});

test("SKILL.md frontmatter goes through the bounded reader: a flood of tokens is refused with its place", () => {
  const flood = parseSkillMd(`---\nname: x\ndescription: ${"{{a}}".repeat(6000)}\n---\nbody`, "x");
  assert.equal(flood.valid, false);
  assert.match(flood.error ?? "", /^frontmatter is not accepted \(line 3, column \d+\): more than 5,000 YAML tokens/);
  const nested = parseSkillMd(
    `---\nname: x\ndescription: d\nmetadata: ${"[".repeat(20)}${"]".repeat(20)}\n---\nbody`,
    "x",
  );
  assert.match(nested.error ?? "", /nested more than 8 levels/);
  const broken = parseSkillMd("---\nname: x\ndescription: [unclosed\n---\nbody", "x");
  assert.match(broken.error ?? "", /^frontmatter is not valid YAML \(line \d+, column \d+\): /);
  const ok = parseSkillMd("---\nname: x\ndescription: a fine skill\nmetadata: { team: ops }\n---\nbody", "x");
  assert.equal(ok.valid, true, ok.error ?? "");
});

test("a cron expression or time zone over its length is refused as it is, with one reason", async () => {
  const create = (body: Record<string, unknown>) =>
    call(schedulesRoute, "POST", "/api/agents/writer/schedules", {
      token: admin.token,
      params: { name: "writer" },
      body: { name: "long", message: "m", ...body },
    });
  const cron = await create({ cron: `0 ${"1,".repeat(500)}2 * * *` });
  assert.equal(cron.status, 400);
  assert.deepEqual(cron.body.error.details, [
    { field: "cron", message: "Cron expression is longer than 200 characters" },
  ]);
  const zone = await create({ cron: "0 9 * * *", timezone: `Europe/${"x".repeat(200)}` });
  assert.equal(zone.status, 400);
  assert.deepEqual(zone.body.error.details, [{ field: "timezone", message: "Time zone is longer than 64 characters" }]);
});
