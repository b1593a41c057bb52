// The environment an agent's program starts with: a short allowlist, never the server's own secrets.
import process from "node:process";

/** Variables worth passing on; everything else (secrets, database URLs, tokens) stays in the server. */
const INHERITED = ["PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR"] as const;

/** Never handed to a program, whatever the caller passes: they would let it act as the server. */
const SERVER_SECRETS = ["BETTER_AUTH_SECRET", "CADRE_INTERNAL_SECRET", "DATABASE_URL"] as const;

/**
 * The allowlisted basics from the server's environment plus `extra`. This is the one place the runtimes read
 * process.env: PATH and locale belong to the machine, not to Cadre's parsed configuration.
 */
export function programEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  env.PATH ??= "/usr/local/bin:/usr/bin:/bin";
  env.LANG ??= "C.UTF-8";
  for (const [name, value] of Object.entries(extra)) {
    if (value !== undefined) env[name] = value;
  }
  for (const name of SERVER_SECRETS) delete env[name];
  return env;
}

/** Replaces every occurrence of the given secrets (API keys) so they never reach a stored error or log. */
export function redact(text: string, secrets: Array<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join("[redacted]");
  }
  return out;
}
