// Lists the accessibility checks of a browser test run by page: for each route, how many checks were made and the
// distinct serious and critical violations (rules) and elements (nodes) found, with the rules by name.
// Usage: node --import tsx e2e/axe-summary.ts [test-results/axe-report.jsonl] [--markdown]
import fs from "node:fs";
import type { AxeScan } from "./fixtures";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--")) ?? "test-results/axe-report.jsonl";
const markdown = args.includes("--markdown");

/** The route a path belongs to, with names and ids replaced; an agent's tab is kept. */
export function routeOf(path: string): string {
  const [pathname, search = ""] = path.split("?");
  const tab = new URLSearchParams(search).get("tab");
  const route = pathname
    .replace(/^\/(agents|skills)\/(?!new$)[^/]+/, "/$1/[name]")
    .replace(/^\/(processes)\/(?!new$)[^/]+/, "/$1/[id]")
    .replace(/^\/approvals\/act\/[^/]+/, "/approvals/act/[token]")
    .replace(/^\/(process-runs|approvals)\/(?!act\/)[^/]+/, "/$1/[id]");
  return tab ? `${route}?tab=${tab}` : route;
}

interface Row {
  scans: number;
  rules: Map<string, Set<string>>;
  nodes: Map<string, Set<string>>;
}

const rows = new Map<string, Row>();
for (const line of fs.readFileSync(file, "utf8").split("\n")) {
  if (!line.trim()) continue;
  const scan = JSON.parse(line) as AxeScan;
  const route = routeOf(scan.path);
  const row = rows.get(route) ?? {
    scans: 0,
    rules: new Map([
      ["serious", new Set()],
      ["critical", new Set()],
    ]),
    nodes: new Map([
      ["serious", new Set()],
      ["critical", new Set()],
    ]),
  };
  row.scans += 1;
  for (const v of scan.violations) {
    if (v.impact !== "serious" && v.impact !== "critical") continue;
    row.rules.get(v.impact)!.add(v.id);
    for (const n of v.nodes) row.nodes.get(v.impact)!.add(`${v.id} ${n.target}`);
  }
  rows.set(route, row);
}

const header = ["page", "checks", "serious rules", "serious nodes", "critical rules", "critical nodes", "rules"];
const lines = [...rows.entries()]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([route, r]) => [
    route,
    String(r.scans),
    String(r.rules.get("serious")!.size),
    String(r.nodes.get("serious")!.size),
    String(r.rules.get("critical")!.size),
    String(r.nodes.get("critical")!.size),
    [...r.rules.get("critical")!, ...r.rules.get("serious")!].join(", "),
  ]);
const total = (impact: string, what: "rules" | "nodes") => {
  const all = new Set<string>();
  for (const [route, r] of rows) for (const x of r[what].get(impact)!) all.add(`${route} ${x}`);
  return String(all.size);
};
lines.push([
  "all pages",
  String([...rows.values()].reduce((n, r) => n + r.scans, 0)),
  total("serious", "rules"),
  total("serious", "nodes"),
  total("critical", "rules"),
  total("critical", "nodes"),
  "",
]);

if (markdown) {
  console.log(`| ${header.join(" | ")} |`);
  console.log(`| ${header.map(() => "---").join(" | ")} |`);
  for (const l of lines) console.log(`| ${l.join(" | ")} |`);
} else {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  for (const l of [header, ...lines])
    console.log(
      l
        .map((c, i) => c.padEnd(widths[i]))
        .join("  ")
        .trimEnd(),
    );
}
