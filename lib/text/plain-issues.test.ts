// Zod's issues in plain words, labelled by field; unknown keys with a hint from the schema's own keys.

import assert from "node:assert/strict";
import test from "node:test";
import { z } from "zod";
import { fieldLabel, plainIssues, schemaKeysAt, sentence } from "./plain-issues";

const Schema = z.strictObject({
  name: z.string().min(1),
  retryCount: z.number().int().max(10).optional(),
  kind: z.enum(["a", "b"]).optional(),
  files: z.array(z.strictObject({ path: z.string(), content: z.string() })).optional(),
  email: z.email().optional(),
  slug: z
    .string()
    .regex(/^[a-z]+$/, "use lowercase letters")
    .optional(),
});

const plain = (value: unknown) =>
  plainIssues(Schema.safeParse(value).error!.issues, (path) => schemaKeysAt(Schema, path));

test("labels: words of the field, known names, list items counted from 1", () => {
  assert.equal(fieldLabel("name"), "Name");
  assert.equal(fieldLabel("concurrencyLimit"), "Concurrency limit");
  assert.equal(fieldLabel("cron"), "Cron expression");
  assert.equal(fieldLabel("files.0.path"), "File 1 path");
  assert.equal(fieldLabel("__proto__"), "Proto");
  assert.equal(fieldLabel("constructor"), "Constructor");
});

test("zod's wording is replaced; a schema's own message is joined to the label", () => {
  assert.deepEqual(plain({}), [{ field: "name", message: "Name is required" }]);
  assert.deepEqual(plain({ name: "" }), [{ field: "name", message: "Name is required" }]);
  assert.deepEqual(plain({ name: "n", retryCount: 1.5 }), [
    { field: "retryCount", message: "Retries must be a whole number" },
  ]);
  assert.deepEqual(plain({ name: "n", retryCount: 11 }), [
    { field: "retryCount", message: "Retries must be at most 10" },
  ]);
  assert.deepEqual(plain({ name: "n", kind: "c" }), [{ field: "kind", message: 'Kind must be one of "a", "b"' }]);
  assert.deepEqual(plain({ name: "n", email: "nope" }), [
    { field: "email", message: "Email must be an email address" },
  ]);
  assert.deepEqual(plain({ name: "n", slug: "A" }), [{ field: "slug", message: "Slug: use lowercase letters" }]);
  assert.deepEqual(plain({ name: "n", files: [{ path: "a" }] }), [
    { field: "files.0.content", message: "File 1 content is required" },
  ]);
});

test("an unknown key is named, with the nearest known key of the same object", () => {
  assert.deepEqual(plain({ name: "n", retyrCount: 1 }), [
    { field: "retyrCount", message: 'Unknown field "retyrCount"; did you mean "retryCount"?' },
  ]);
  assert.deepEqual(plain({ name: "n", files: [{ path: "a", content: "", mode: "755" }] }), [
    { field: "files.0.mode", message: 'Unknown field "mode"' },
  ]);
  assert.deepEqual(plain({ name: "n", files: [{ path: "a", content: "", contnet: "" }] }), [
    { field: "files.0.contnet", message: 'Unknown field "contnet"; did you mean "content"?' },
  ]);
});

test("sentence: a message that starts with the field's name is not said twice", () => {
  assert.equal(sentence("Message", "message is empty", "message"), "Message is empty");
  assert.equal(
    sentence("Cron expression", "cron expression is longer than 200 characters", "cron"),
    "Cron expression is longer than 200 characters",
  );
  assert.equal(sentence("Name", "is required"), "Name is required");
});
