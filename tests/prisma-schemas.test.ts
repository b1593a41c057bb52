// The two database schemas are the one source (prisma/models.prisma) under their provider's header, and each
// provider's migrations build exactly that schema.

import assert from "node:assert/strict";
import fs from "node:fs";
import test from "node:test";
import { PROVIDERS, readSource, schemaFor, schemaPath } from "@/lib/db/schema-files";
import { ROOT } from "./support/env";

test("prisma/sqlite and prisma/postgres schemas are written from prisma/models.prisma (npm run prisma:schemas)", () => {
  const source = readSource(ROOT);
  for (const provider of PROVIDERS) {
    assert.equal(
      fs.readFileSync(schemaPath(ROOT, provider), "utf8"),
      schemaFor(provider, source),
      `${provider} schema is stale`,
    );
  }
});

test("apart from the provider and the client folder, the two schemas are the same text", () => {
  const [a, b] = PROVIDERS.map((p) => fs.readFileSync(schemaPath(ROOT, p), "utf8"));
  const strip = (s: string) =>
    s.replace(/provider = "(sqlite|postgresql)"/, "").replace(/generated\/(sqlite|postgres)/, "");
  assert.equal(strip(a), strip(b));
});
