// Process definitions in plain words: one error per mistake, at the line to fix, with a hint where one is near.

import assert from "node:assert/strict";
import test from "node:test";
import { closest, editDistance } from "@/lib/text/closest";
import { checkProcessYaml } from "./definition";

const GOOD = `name: weekly
steps:
  - id: draft
    type: agent_task
    agent: writer
    message: "Draft the report"
  - id: review
    type: human_approval
    title: Publish it?
    approvers: [role:admin]
`;

const errorsOf = (yaml: string) => checkProcessYaml(yaml).errors;

test("the example is read without errors", () => {
  assert.deepEqual(errorsOf(GOOD), []);
});

test("a misspelt step type: one error at the type, suggesting the nearest one", () => {
  const errors = errorsOf(GOOD.replace("type: agent_task", "type: agent_tsk"));
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.equal(errors[0].message, 'unknown step type "agent_tsk"; did you mean "agent_task"?');
  assert.deepEqual([errors[0].line, errors[0].column, errors[0].path], [4, 11, "steps[0].type"]);
  const approval = errorsOf(GOOD.replace("type: human_approval", "type: human-aproval"));
  assert.deepEqual(
    approval.map((e) => e.message),
    ['unknown step type "human-aproval"; did you mean "human_approval"?'],
  );
});

test("a step type nothing like a known one: one error listing both", () => {
  const errors = errorsOf(GOOD.replace("type: agent_task", "type: shell"));
  assert.deepEqual(
    errors.map((e) => e.message),
    ['unknown step type "shell"; use "agent_task" or "human_approval"'],
  );
});

test("a misspelt key is one error with a hint, not also the key it meant reported missing", () => {
  const errors = errorsOf(GOOD.replace("    agent: writer", "    agnet: writer"));
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.equal(errors[0].message, 'unknown key "agnet"; did you mean "agent"?');
  assert.deepEqual([errors[0].line, errors[0].column, errors[0].path], [5, 5, "steps[0].agnet"]);
  // the hint comes from the keys of the step's own type
  const approval = errorsOf(GOOD.replace("approvers:", "approver:"));
  assert.deepEqual(
    approval.map((e) => e.message),
    ['unknown key "approver"; did you mean "approvers"?'],
  );
  // at the top too
  assert.deepEqual(
    errorsOf(GOOD.replace("name: weekly", "nmae: weekly")).map((e) => e.message),
    ['unknown key "nmae"; did you mean "name"?'],
  );
});

test("an unknown key with no near name: no hint; a missing key is said plainly, at its step", () => {
  assert.deepEqual(
    errorsOf(`${GOOD}    colour: red\n`).map((e) => e.message),
    ['unknown key "colour"'],
  );
  const missing = errorsOf(GOOD.replace("    agent: writer\n", ""));
  assert.deepEqual(
    missing.map((e) => [e.message, e.line]),
    [['"agent" is missing', 3]],
  );
});

test("a line indented one space too few: one error at that line, saying what to use", () => {
  const errors = errorsOf(GOOD.replace("    agent: writer", "   agent: writer"));
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.equal(errors[0].line, 5);
  assert.equal(errors[0].message, "Indented 3 spaces, which lines up with no line above; use 4 spaces like line 4");
});

test("a line indented deeper than a line that has its value: one error at the deeper line, not the one above", () => {
  const errors = errorsOf(GOOD.replace("    agent: writer", "      agent: writer"));
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.equal(errors[0].line, 5);
  assert.match(errors[0].message, /^Indented 6 spaces, deeper than line 4 above.*use 4 spaces/);
});

test("a key pulled back to the list's dashes: one error saying to keep it in the item", () => {
  const errors = errorsOf(GOOD.replace("    agent: writer", "  agent: writer"));
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.equal(errors[0].line, 5);
  assert.match(
    errors[0].message,
    /where the list items \("- "\) are.*use 4 spaces to keep it in the item that starts on line 3/,
  );
});

test("other syntax mistakes: one plain error each, with its line", () => {
  const tab = errorsOf(GOOD.replace("    agent: writer", "\tagent: writer"));
  assert.deepEqual(
    tab.map((e) => [e.message, e.line]),
    [["Tabs cannot indent YAML; use spaces", 5]],
  );
  const twice = errorsOf(GOOD.replace("    agent: writer\n", "    agent: writer\n    agent: other\n"));
  assert.deepEqual(
    twice.map((e) => [e.message, e.line]),
    [['"agent" is written twice at the same level; keep one', 6]],
  );
  const unclosed = errorsOf("name: x\nsteps: [\n");
  assert.equal(unclosed.length, 1, JSON.stringify(unclosed));
  assert.equal(typeof unclosed[0].line, "number");
  assert.doesNotMatch(unclosed[0].message, /at line \d+, column/);
});

test("block text is not mistaken for indentation", () => {
  const yaml = GOOD.replace(
    'message: "Draft the report"',
    "message: |\n      Draft the report\n        with an indented line\n    model: sonnet",
  );
  assert.deepEqual(errorsOf(yaml), []);
});

test("edit distance counts a swap of neighbours as one edit; closest suggests only near words", () => {
  assert.equal(editDistance("agnet", "agent"), 1);
  assert.equal(editDistance("agent_tsk", "agent_task"), 1);
  assert.equal(closest("agent_tsk", ["agent_task", "human_approval"]), "agent_task");
  assert.equal(closest("colour", ["id", "type", "agent", "message"]), undefined);
});
