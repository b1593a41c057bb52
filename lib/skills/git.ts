// Fetching the skills repository with git. The token travels only in the child's environment as an HTTP header
// (GIT_CONFIG_*), so it never lands in .git/config, in the remote URL, in argv, or in what Cadre stores.
import fs from "node:fs/promises";
import path from "node:path";
import { type SimpleGit, simpleGit } from "simple-git";

const GIT_TIMEOUT_MS = 120_000;

export interface GitSource {
  repoUrl: string;
  branch: string;
  token: string | null;
}

function basicHeader(token: string): string {
  return `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
}

function gitEnv(token: string | null): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/tmp",
    // Never wait for a password prompt; never run ext:: or other transports that execute programs.
    GIT_TERMINAL_PROMPT: "0",
    GIT_ALLOW_PROTOCOL: "file:git:http:https:ssh",
    GIT_SSH_COMMAND: "ssh -o BatchMode=yes",
  };
  if (token)
    Object.assign(env, {
      GIT_CONFIG_COUNT: "1",
      GIT_CONFIG_KEY_0: "http.extraHeader",
      GIT_CONFIG_VALUE_0: basicHeader(token),
    });
  return env;
}

function git(dir: string, token: string | null): SimpleGit {
  const env = gitEnv(token);
  return simpleGit({
    baseDir: dir,
    timeout: { block: GIT_TIMEOUT_MS },
    // simple-git refuses git's GIT_* variables unless named; these are set here, not taken from outside.
    allowEnvironment: Object.keys(env).filter((k) => k.startsWith("GIT_")),
    unsafe: { allowUnsafeConfigEnvCount: true, allowUnsafeSshCommand: true },
  }).env(env);
}

/** Removes the token (and its header form) from text that may be shown or stored, e.g. a git error. */
export function redactToken(text: string, token: string | null): string {
  let out = text.replace(/(https?:\/\/)[^/@\s]+@/g, "$1***@");
  if (token) {
    for (const secret of [token, Buffer.from(`x-access-token:${token}`).toString("base64")])
      out = out.split(secret).join("***");
  }
  return out;
}

async function isRepoFor(dir: string, repoUrl: string, token: string | null): Promise<boolean> {
  const stat = await fs.lstat(path.join(dir, ".git")).catch(() => null);
  if (!stat?.isDirectory()) return false;
  const url = await git(dir, token)
    .raw(["config", "--get", "remote.origin.url"])
    .catch(() => "");
  return url.trim() === repoUrl;
}

/** Brings `dir` to the tip of the branch (a fresh checkout when the URL changed) and returns the commit sha. */
export async function fetchBranch(src: GitSource, dir: string): Promise<string> {
  if (!(await isRepoFor(dir, src.repoUrl, src.token))) {
    await fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(dir, { recursive: true });
    const g = git(dir, src.token);
    await g.raw(["init", "--quiet"]);
    await g.raw(["remote", "add", "origin", src.repoUrl]);
  }
  const g = git(dir, src.token);
  const ref = `refs/remotes/origin/${src.branch}`;
  await g.raw(["fetch", "--quiet", "--depth=1", "--no-tags", "origin", `+refs/heads/${src.branch}:${ref}`]);
  await g.raw(["checkout", "--quiet", "--force", "--detach", ref]);
  await g.raw(["clean", "-fdxq"]);
  return (await g.raw(["rev-parse", "HEAD"])).trim();
}
