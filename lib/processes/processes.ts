// Processes: list, read, validate, create, edit and delete YAML definitions. Every signed-in user reads them and
// starts runs; the creator or an admin changes them. The definition is checked on every save (shape, references,
// agents that exist) and stored both as written and parsed.

import { userRefSelect } from "@/lib/approvals/dto";
import type { Identity } from "@/lib/auth/identity";
import { db, type Tx } from "@/lib/db";
import { AppError, conflict, forbidden, notFound } from "@/lib/errors";
import { checkProcessYaml, type DefinitionCheck, describeYamlError } from "./definition";
import { type ProcessRow, processInclude, toProcessDto } from "./dto";
import type { ProcessDefinition, ProcessDto, UserRef, ValidateResult, YamlError } from "./schemas";

export const ACTIVE_RUN_STATUSES = ["running", "paused"];

/** A definition past one of PROCESS_LIMITS is refused outright (400 naming the limit), even by validate. */
function limitPassed(limit: YamlError): AppError {
  return new AppError("validation_failed", `Process definition is over a limit: ${describeYamlError(limit)}`, [
    { field: "yaml", ...limit },
  ]);
}

async function checkAgainstAgents(yaml: string, tx: Tx): Promise<DefinitionCheck> {
  const agents = new Set((await tx.agent.findMany({ select: { name: true } })).map((a) => a.name));
  const groups = new Set((await tx.approverGroup.findMany({ select: { name: true } })).map((g) => g.name));
  const check = checkProcessYaml(yaml, {
    agentExists: (name) => agents.has(name),
    groupExists: (name) => groups.has(name),
  });
  if (check.limit) throw limitPassed(check.limit);
  return check;
}

export async function validateProcessYaml(yaml: string, tx: Tx = db): Promise<ValidateResult> {
  const { errors, steps } = await checkAgainstAgents(yaml, tx);
  return { ok: errors.length === 0, errors, steps };
}

/** The definition, or a 400 whose details list every error with its line and column. */
async function definitionOrThrow(yaml: string, tx: Tx): Promise<ProcessDefinition> {
  const { definition, errors } = await checkAgainstAgents(yaml, tx);
  if (definition) return definition;
  throw new AppError(
    "validation_failed",
    `Process definition: ${describeYamlError(errors[0])}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""}`,
    errors.map((e) => ({ field: "yaml", ...e })),
  );
}

async function creatorsOf(rows: { createdById: string | null }[], tx: Tx): Promise<Map<string, UserRef>> {
  const ids = [...new Set(rows.flatMap((r) => (r.createdById ? [r.createdById] : [])))];
  const users = ids.length ? await tx.user.findMany({ where: { id: { in: ids } }, select: userRefSelect }) : [];
  return new Map(users.map((u) => [u.id, u]));
}

async function toDtos(rows: ProcessRow[], tx: Tx): Promise<ProcessDto[]> {
  const creators = await creatorsOf(rows, tx);
  return rows.map((r) => toProcessDto(r, (r.createdById && creators.get(r.createdById)) || null));
}

async function uniqueName<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") {
      throw conflict(`A process named "${name}" already exists`, [
        { field: "yaml", message: `name "${name}" is taken`, line: null, column: null, path: "name" },
      ]);
    }
    throw err;
  }
}

export async function getProcessRowOrThrow(id: string, tx: Tx = db): Promise<ProcessRow> {
  const row = await tx.process.findUnique({ where: { id }, include: processInclude });
  if (!row) throw notFound(`Process "${id}"`);
  return row;
}

function assertCanChange(row: { createdById: string | null; name: string }, who: Identity): void {
  if (who.role !== "admin" && row.createdById !== who.userId) {
    throw forbidden(`Only the creator of process "${row.name}" or an admin may change it`);
  }
}

export async function listProcesses(tx: Tx = db): Promise<ProcessDto[]> {
  return toDtos(await tx.process.findMany({ orderBy: { name: "asc" }, include: processInclude }), tx);
}

export async function getProcess(id: string, tx: Tx = db): Promise<ProcessDto> {
  return (await toDtos([await getProcessRowOrThrow(id, tx)], tx))[0];
}

export async function createProcess(yaml: string, who: Identity, tx: Tx = db): Promise<ProcessDto> {
  const def = await definitionOrThrow(yaml, tx);
  const row = await uniqueName(def.name, () =>
    tx.process.create({
      data: {
        name: def.name,
        description: def.description ?? "",
        yaml,
        definition: JSON.stringify(def),
        createdById: who.userId,
      },
      include: processInclude,
    }),
  );
  return (await toDtos([row], tx))[0];
}

/** Runs already started keep the definition they started with. */
export async function updateProcess(id: string, yaml: string, who: Identity, tx: Tx = db): Promise<ProcessDto> {
  const current = await getProcessRowOrThrow(id, tx);
  assertCanChange(current, who);
  const def = await definitionOrThrow(yaml, tx);
  if (yaml === current.yaml) return (await toDtos([current], tx))[0];
  const row = await uniqueName(def.name, () =>
    tx.process.update({
      where: { id },
      data: {
        name: def.name,
        description: def.description ?? "",
        yaml,
        definition: JSON.stringify(def),
        version: { increment: 1 },
      },
      include: processInclude,
    }),
  );
  return (await toDtos([row], tx))[0];
}

/** Deleting removes the finished runs with it; a run still going must be cancelled first. */
export async function deleteProcess(id: string, who: Identity): Promise<void> {
  const current = await getProcessRowOrThrow(id);
  assertCanChange(current, who);
  // One conditional statement: deleted only if no run is going at that moment.
  const { count } = await db.process.deleteMany({
    where: { id, runs: { none: { status: { in: ACTIVE_RUN_STATUSES } } } },
  });
  if (count === 0) {
    const active = await db.processRun.count({ where: { processId: id, status: { in: ACTIVE_RUN_STATUSES } } });
    throw active > 0
      ? conflict(`Process "${current.name}" has ${active} run(s) still going; cancel them first`)
      : notFound(`Process "${id}"`);
  }
}
