// Where to go after signing in: only same-site paths, so a crafted link cannot send people to another site.

/** A same-site path such as "/agents/x?y" — never "//host" or "/\host", which browsers treat as another site. */
export function isLocalPath(value: string | null | undefined): value is string {
  return (
    !!value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") && !/[\r\n\t]/.test(value)
  );
}

/** The page to open after signing in; never the sign-in or setup page itself, which would loop. */
export function safeNextPath(value: string | null | undefined, fallback = "/agents"): string {
  if (!isLocalPath(value) || /^\/(sign-in|setup)(?:[/?#]|$)/.test(value)) return fallback;
  return value;
}
