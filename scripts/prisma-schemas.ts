// `npm run prisma:schemas`: writes prisma/sqlite/schema.prisma and prisma/postgres/schema.prisma from
// prisma/models.prisma. `--check` writes nothing and exits 1 when a file differs from what it would write.
import fs from "node:fs";
import path from "node:path";
import { PROVIDERS, readSource, schemaFor, schemaPath } from "@/lib/db/schema-files";

const ROOT = path.resolve(import.meta.dirname, "..");
const check = process.argv.includes("--check");
const source = readSource(ROOT);
let stale = 0;
for (const provider of PROVIDERS) {
  const file = schemaPath(ROOT, provider);
  const wanted = schemaFor(provider, source);
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
  if (current === wanted) continue;
  if (check) {
    console.error(`${path.relative(ROOT, file)} is out of date: run npm run prisma:schemas`);
    stale++;
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, wanted);
    console.log(`wrote ${path.relative(ROOT, file)}`);
  }
}
process.exit(stale > 0 ? 1 : 0);
