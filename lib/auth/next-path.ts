// Where to go after signing in: only same-site paths, so a crafted link cannot send people to another site.

/** A same-site path such as "/agents/x?y" — never "//host" or "/\host", which browsers treat as another site. */
export function isLocalPath(value: string | null | undefined): value is string {
  return !!value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") && !/[\r\n\t]/.test(value);
}

export function safeNextPath(value: string | null | undefined, fallback = "/agents"): string {
  return isLocalPath(value) ? value : fallback;
}
