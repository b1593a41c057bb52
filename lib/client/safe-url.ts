// Which link targets a reply written by an agent may carry: web and mail addresses only. Anything else (javascript:,
// data:, vbscript:, file:, relative paths into Cadre itself) is dropped, so a reply can never run script or act on
// Cadre when clicked. Browser-safe.

const ALLOWED = new Set(["http:", "https:", "mailto:"]);

/** The URL when it is an absolute http(s) or mailto address, else "". */
export function safeLinkUrl(url: string): string {
  const value = url.trim();
  if (value.length > 2048) return "";
  try {
    return ALLOWED.has(new URL(value).protocol) ? value : "";
  } catch {
    return "";
  }
}
