// A playbook's arguments: which the hint names and requires, and form values turned into text that splits back.

import assert from "node:assert/strict";
import test from "node:test";
import {
  argumentValues,
  joinArguments,
  missingArguments,
  parseArgumentHint,
  parseSlashMessage,
  splitArguments,
} from "./arguments";

test("<name> is required, [name] optional, free text names nothing", () => {
  assert.deepEqual(parseArgumentHint("<ticket-id> [notes]"), [
    { name: "ticket-id", required: true },
    { name: "notes", required: false },
  ]);
  assert.deepEqual(
    parseArgumentHint("[from-tag] [to-tag]").map((a) => a.required),
    [false, false],
  );
  assert.deepEqual(parseArgumentHint("what to review"), []);
  assert.deepEqual(parseArgumentHint(null), []);
  assert.deepEqual(parseArgumentHint("<> [ ]"), []);
});

test("the required arguments past the last one given are missing", () => {
  assert.deepEqual(
    missingArguments("<a> [b] <c>", "").map((a) => a.name),
    ["a", "c"],
  );
  assert.deepEqual(
    missingArguments("<a> [b] <c>", "x").map((a) => a.name),
    ["c"],
  );
  assert.deepEqual(missingArguments("<a> [b] <c>", 'x "" z'), []);
  assert.deepEqual(missingArguments("[a]", ""), []);
});

test("form values join into text that splits back into the same values; the last one is the rest, as typed", () => {
  const values = ["T-1", "two words", 'say "hi"', "back\\slash", "the rest of it"];
  const text = joinArguments(values);
  assert.ok(text.endsWith(" the rest of it"), text);
  assert.deepEqual(splitArguments(text).slice(0, 4), values.slice(0, 4));
  assert.deepEqual(argumentValues(text, 5), values);
  assert.deepEqual(argumentValues("Q3 numbers", 1), ["Q3 numbers"]);
  assert.deepEqual(argumentValues("", 2), ["", ""]);
  assert.equal(joinArguments(["a", "", "c"]), 'a "" c', "an empty value in the middle keeps its place");
  assert.equal(joinArguments(["a", " ", ""]), "a", "empty values at the end are left out");
});

test("a slash command is its name and the text after it", () => {
  assert.deepEqual(parseSlashMessage("  /fix-bug  T-1 now "), { name: "fix-bug", args: "T-1 now" });
  assert.deepEqual(parseSlashMessage("/fix-bug"), { name: "fix-bug", args: "" });
  assert.equal(parseSlashMessage("please /fix-bug"), null);
  assert.equal(parseSlashMessage("/Fix"), null);
});
