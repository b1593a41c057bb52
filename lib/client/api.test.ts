// What a person is shown for a failed request: plain text with no API address or raw JSON, each problem once.

import assert from "node:assert/strict";
import test from "node:test";
import { ApiError, errorMessage, formErrors, plainText } from "./api";

test("an API address is never shown; raw JSON becomes what the status means", () => {
  assert.equal(
    plainText('Agent "a" is stopped; start it to run tasks (POST /api/agents/a/start)'),
    'Agent "a" is stopped; start it to run tasks',
  );
  assert.equal(plainText("See /api/agents/a/start for more"), "See for more");
  assert.equal(
    plainText('{"error":{"code":"internal"}}', 500),
    "Cadre could not do this just now; try again in a moment",
  );
  assert.equal(
    errorMessage(new ApiError(502, "http_error", "Request failed (502 Bad Gateway)")),
    "Cadre could not do this just now; try again in a moment",
  );
  assert.equal(
    errorMessage(new TypeError("Failed to fetch")),
    "Cadre could not be reached; check the connection and try again",
  );
});

test("formErrors: a problem naming a field of the form goes beside it and not also at the top", () => {
  const err = new ApiError(400, "validation_failed", "Name is required", [
    { field: "name", message: "Name is required" },
    { field: "name", message: "a second word on the same field" },
  ]);
  assert.deepEqual(formErrors(err, ["name", "email"]), { fields: { name: "Name is required" }, general: null });
  // naming no field of this form: once, at the top
  assert.deepEqual(formErrors(err, ["email"]), { fields: {}, general: "Name is required" });
  const conflict = new ApiError(409, "conflict", 'The agent "a" is stopped — start it to run tasks');
  assert.deepEqual(formErrors(conflict, ["message"]), {
    fields: {},
    general: 'The agent "a" is stopped — start it to run tasks',
  });
  assert.deepEqual(formErrors(null, ["message"]), { fields: {}, general: null });
  // nested API fields map onto the form's
  const files = new ApiError(400, "validation_failed", "File 1 path is required", [
    { field: "files.0.path", message: "File 1 path is required" },
  ]);
  assert.deepEqual(formErrors(files, ["files"], (f) => (f.startsWith("files.") ? "files" : undefined)).fields, {
    files: "File 1 path is required",
  });
});
