import assert from "node:assert/strict";
import test from "node:test";
import { changedFields, maskSecrets } from "./write";

test("secrets are masked by their field's name, nested too; other fields stay", () => {
  assert.deepEqual(
    maskSecrets({
      anthropicApiKey: "sk-ant-123",
      "skills.token": "ghp_x",
      smtp: { host: "mail", smtpPassword: "pw" },
      webhookSecret: "",
      tokensRevoked: true,
      name: "n",
    }),
    {
      anthropicApiKey: "••••",
      "skills.token": "••••",
      smtp: { host: "mail", smtpPassword: "••••" },
      webhookSecret: null,
      tokensRevoked: true,
      name: "n",
    },
  );
});

test("changedFields keeps only what differs, dates as ISO text", () => {
  const at = new Date("2026-12-01T09:00:00Z");
  assert.deepEqual(changedFields({ a: 1, b: "x", c: at }, { a: 1, b: "y", c: new Date(at), d: undefined }), {
    before: { b: "x" },
    after: { b: "y" },
  });
  assert.deepEqual(changedFields({ c: null }, { c: at }), { before: { c: null }, after: { c: at.toISOString() } });
});
