// `npm run cadre -- <command>`: people and API tokens from the server's command line (the database must exist;
// `npm start` creates it). Output meant for scripts comes last: a created token is alone on the final line.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { type ZodType, z } from "zod";
import { EmailSchema, NameSchema, PasswordSchema, RoleSchema } from "@/lib/auth/user-schemas";

const ROOT = path.resolve(import.meta.dirname, "..");

const HELP = `Usage: npm run cadre -- <command> [options]

Commands:
  create-user --email E --name N [--role admin|user] [--password P]
      Adds a person. Without --password a password is generated and printed once.
  reset-password --email E [--password P]
      Sets a new password (generated and printed when omitted) and ends that person's sessions and API tokens.
  create-token --email E [--name N] [--expires-days D]
      Creates an API token for that person. The token is printed once, alone on the last line.
  list-users
      Lists everyone: email, role, name.
  help
      Shows this text.`;

class UsageError extends Error {}

interface Command<S extends ZodType> {
  options: NonNullable<ParseArgsConfig["options"]>;
  schema: S;
  run: (args: z.infer<S>) => Promise<void>;
}

const defineCommand = <S extends ZodType>(command: Command<S>) => command;

/** Who the audit log names for a change made here: the operator at the server's command line. */
const CLI_ACTOR = { userId: null, label: "cli", ip: null };

const generatePassword = () => crypto.randomBytes(18).toString("base64url");

// lib/ modules are imported when a command runs: lib/db opens the database the prepared environment names.
const lib = async () => ({
  ...(await import("@/lib/auth/users")),
  ...(await import("@/lib/auth/api-tokens")),
  ...(await import("@/lib/auth/token-expiry")),
  ...(await import("@/lib/errors")),
});

async function userByEmail(email: string) {
  const { findUserByEmail, AppError } = await lib();
  const user = await findUserByEmail(email);
  if (!user) throw new AppError("not_found", `No user with the email ${email}`);
  return user;
}

const commands: Record<string, Command<ZodType>> = {
  "create-user": defineCommand({
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      password: { type: "string" },
    },
    schema: z.object({
      email: EmailSchema,
      name: NameSchema,
      role: RoleSchema.default("user"),
      password: PasswordSchema.optional(),
    }),
    async run({ email, name, role, password }) {
      const { createUser } = await lib();
      const generated = password ? null : generatePassword();
      const user = await createUser({ email, name, role, password: password ?? generated! }, CLI_ACTOR);
      console.log(`Created ${user.role} ${user.email} (${user.name}, id ${user.id}).`);
      if (generated) console.log(`Generated password (shown once):\n${generated}`);
    },
  }),
  "reset-password": defineCommand({
    options: { email: { type: "string" }, password: { type: "string" } },
    schema: z.object({ email: EmailSchema, password: PasswordSchema.optional() }),
    async run({ email, password }) {
      const { setUserPassword } = await lib();
      const user = await userByEmail(email);
      const next = password ?? generatePassword();
      await setUserPassword(user.id, next, CLI_ACTOR);
      console.log(`Password of ${user.email} changed; their browser sessions were ended and their API tokens revoked.`);
      if (!password) console.log(`New password (shown once):\n${next}`);
    },
  }),
  "create-token": defineCommand({
    options: { email: { type: "string" }, name: { type: "string" }, "expires-days": { type: "string" } },
    schema: z.object({
      email: EmailSchema,
      name: NameSchema.default("cli"),
      "expires-days": z.coerce.number().int().min(1).max(3650).optional(),
    }),
    async run({ email, name, "expires-days": days }) {
      const { createApiToken, expiryFromDays } = await lib();
      const user = await userByEmail(email);
      const { token, record } = await createApiToken(user.id, name, { expiresAt: expiryFromDays(days) }, CLI_ACTOR);
      const expires = record.expiresAt ? `expires ${record.expiresAt.toISOString()}` : "does not expire";
      console.log(`API token "${record.name}" for ${user.email} (${expires}). It is shown once, on the next line:`);
      console.log(token);
    },
  }),
  "list-users": defineCommand({
    options: {},
    schema: z.object({}),
    async run() {
      const { listUsers } = await lib();
      const all = await listUsers();
      if (all.length === 0) console.log("No users yet: open /setup in the browser, or run create-user.");
      for (const u of all) console.log(`${u.email}\t${u.role}\t${u.name}`);
    },
  }),
};

function parseCommand(argv: string[]): { command: Command<ZodType>; args: unknown } {
  const [name, ...rest] = argv;
  if (!name) throw new UsageError("Name a command.");
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) throw new UsageError(`Unknown command "${name}".`);
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const parsed = command.schema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue.path[0] ?? "");
    const message = key && values[key] === undefined ? "is required" : issue.message;
    throw new UsageError(key ? `--${key}: ${message}` : message);
  }
  return { command, args: parsed.data };
}

/**
 * The same configuration `npm start` gives its processes: the data folder, its database and the secrets kept in
 * data/secrets.json, unless the environment says otherwise.
 */
async function prepareConfig(): Promise<void> {
  const dataDir = path.resolve(ROOT, process.env.CADRE_DATA_DIR ?? "data");
  const secretsFile = path.join(dataDir, "secrets.json");
  const stored = fs.existsSync(secretsFile)
    ? (JSON.parse(fs.readFileSync(secretsFile, "utf8")) as Record<string, string>)
    : {};
  const { parseConfig, useConfig } = await import("@/lib/config");
  const { useDatabase } = await import("@/lib/db");
  const config = parseConfig({ ...stored, ...process.env, CADRE_DATA_DIR: dataDir });
  useConfig(config);
  useDatabase(config.database);
}

function isMissingTable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return e?.code === "P2021" || (typeof e?.message === "string" && /no such table/i.test(e.message));
}

async function main(argv: string[]): Promise<number> {
  if (["help", "--help", "-h"].includes(argv[0])) {
    console.log(HELP);
    return 0;
  }
  let parsed: ReturnType<typeof parseCommand>;
  try {
    parsed = parseCommand(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`cadre: ${err.message}\n\n${HELP}`);
    return 2;
  }
  try {
    await prepareConfig();
    await parsed.command.run(parsed.args);
    return 0;
  } catch (err) {
    if (isMissingTable(err)) console.error("cadre: the database has no tables yet; run npm start once first.");
    else console.error(`cadre: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    const { closeDatabase } = await import("@/lib/db");
    await closeDatabase().catch(() => undefined);
  }
}

process.exitCode = await main(process.argv.slice(2));
