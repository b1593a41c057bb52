// The API's routes as the files under app/api declare them: each route.ts, its URL pattern and the methods it
// exports. The web server answers unknown paths and unsupported methods from this table in the error shape (Next.js
// would answer an HTML page and an empty 405), and the authorization tests enumerate every route from it.
import fs from "node:fs";
import path from "node:path";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface ApiRoute {
  /** the route file, relative to the app folder's parent, e.g. "app/api/agents/[name]/route.ts" */
  file: string;
  /** the URL pattern with Next.js segments, e.g. "/api/agents/[name]" */
  path: string;
  segments: string[];
  methods: HttpMethod[];
}

const EXPORTED = [
  /export\s+(?:const|let|var)\s+(GET|POST|PUT|PATCH|DELETE)\b/g,
  /export\s+(?:async\s+)?function\s+(GET|POST|PUT|PATCH|DELETE)\b/g,
];
const EXPORTED_LIST = /export\s+const\s*\{([^}]*)\}\s*=/g;

/** The HTTP methods a route file exports, read from its source. */
export function exportedMethods(text: string): HttpMethod[] {
  const source = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  const found = new Set<string>();
  for (const re of EXPORTED) for (const m of source.matchAll(re)) found.add(m[1]);
  for (const m of source.matchAll(EXPORTED_LIST)) {
    for (const name of m[1].split(",")) {
      const exported = name.split(":").pop()!.trim();
      if ((HTTP_METHODS as readonly string[]).includes(exported)) found.add(exported);
    }
  }
  return HTTP_METHODS.filter((m) => found.has(m));
}

/** Every app/api/**\/route.ts under `root`, sorted by path. Route groups "(name)" do not count as segments. */
export function scanApiRoutes(root: string): ApiRoute[] {
  const apiDir = path.join(root, "app", "api");
  const routes: ApiRoute[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full, /^\(.*\)$/.test(entry.name) ? segments : [...segments, entry.name]);
      } else if (/^route\.(ts|tsx|js)$/.test(entry.name)) {
        routes.push({
          file: path.relative(root, full),
          path: ["", "api", ...segments].join("/"),
          segments: ["api", ...segments],
          methods: exportedMethods(fs.readFileSync(full, "utf8")),
        });
      }
    }
  };
  if (fs.existsSync(apiDir)) walk(apiDir, []);
  return routes.sort((a, b) => a.path.localeCompare(b.path));
}

type SegmentKind = 0 | 1 | 2 | 3; // static, dynamic, catch-all, optional catch-all

function kindOf(segment: string): SegmentKind {
  if (segment.startsWith("[[...")) return 3;
  if (segment.startsWith("[...")) return 2;
  if (segment.startsWith("[")) return 1;
  return 0;
}

/** The route's specificity per segment (lower is more specific), as Next.js prefers static over dynamic over catch-all. */
function matches(route: ApiRoute, parts: string[]): SegmentKind[] | null {
  const rank: SegmentKind[] = [];
  for (let i = 0; i < route.segments.length; i++) {
    const segment = route.segments[i];
    const kind = kindOf(segment);
    if (kind >= 2) {
      if (kind === 2 && i >= parts.length) return null;
      return [...rank, kind];
    }
    if (i >= parts.length) return null;
    if (kind === 0 && segment !== parts[i]) return null;
    rank.push(kind);
  }
  return rank.length === parts.length ? rank : null;
}

function compareRanks(a: SegmentKind[], b: SegmentKind[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return b.length - a.length;
}

/** The route Next.js would pick for a pathname, or null when no route file matches. */
export function matchApiRoute(routes: readonly ApiRoute[], pathname: string): ApiRoute | null {
  const parts = pathname
    .split("/")
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  let best: { route: ApiRoute; rank: SegmentKind[] } | null = null;
  for (const route of routes) {
    const rank = matches(route, parts);
    if (rank && (!best || compareRanks(rank, best.rank) < 0)) best = { route, rank };
  }
  return best?.route ?? null;
}

/** The methods a route answers, with HEAD and OPTIONS where Next.js adds them. */
export function allowedMethods(route: ApiRoute): string[] {
  return [...route.methods, ...(route.methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"];
}

export interface FallbackAnswer {
  status: 404 | 405;
  headers: Record<string, string>;
  body: { error: { code: "not_found" | "method_not_allowed"; message: string; details?: unknown } };
}

/**
 * What the API answers before Next.js sees the request: 404 for a path no route file serves, 405 (with Allow) for a
 * method the route does not export, both in the error shape; null to let the route answer.
 */
export function apiFallback(routes: readonly ApiRoute[], method: string, pathname: string): FallbackAnswer | null {
  const route = matchApiRoute(routes, pathname);
  if (!route) {
    return { status: 404, headers: {}, body: { error: { code: "not_found", message: `No API route at ${pathname}` } } };
  }
  const allowed = allowedMethods(route);
  if (allowed.includes(method.toUpperCase())) return null;
  return {
    status: 405,
    headers: { allow: allowed.join(", ") },
    body: {
      error: {
        code: "method_not_allowed",
        message: `${method.toUpperCase()} is not supported here; use ${allowed.join(", ")}`,
        details: [{ field: "method", message: `allowed: ${allowed.join(", ")}` }],
      },
    },
  };
}
