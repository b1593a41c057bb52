// API token lifetimes are given in whole days (API, CLI); none means the token does not expire.
const DAY_MS = 24 * 60 * 60 * 1000;

export function expiryFromDays(days: number | null | undefined, now = Date.now()): Date | null {
  return days ? new Date(now + days * DAY_MS) : null;
}
