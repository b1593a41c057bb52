// One YAML syntax mistake, said once, at the line where it is. The yaml package reports a mistake as several errors
// (a line indented one space too few gives three, at two places), often at the line before the one to fix; people
// want the one line and what to do. Indentation is the common mistake, so the lines are read for it first; other
// errors are put in plain words. Browser-safe; linear in the text.
import type { LineCounter, YAMLError } from "yaml";

export interface SyntaxProblem {
  message: string;
  line: number;
  column: number;
}

interface Level {
  indent: number;
  /** the indentation of a list's "- ", as opposed to a map's keys */
  dash: boolean;
  line: number;
}

interface LineShape {
  indent: number;
  /** the columns (0-based) where each "- " on the line starts, then where its content starts */
  dashes: number[];
  contentIndent: number;
  /** ends in "key:" or a bare "-": the next line may be indented deeper */
  opens: boolean;
  /** ends in "|" or ">": the lines after it, indented deeper, are text */
  blockScalar: boolean;
  /** reads as "key: …" or "- …", as opposed to a line of text */
  structural: boolean;
}

const COMMENT = /\s+#.*$/;

/** Brackets still open at the end of the line, quotes skipped. */
function flowBalance(text: string): number {
  let depth = 0;
  let quote: string | null = null;
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#") break;
    else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") depth--;
  }
  return depth;
}

function shapeOf(raw: string): LineShape {
  const indent = raw.length - raw.trimStart().length;
  const dashes: number[] = [];
  let at = indent;
  while (raw.startsWith("- ", at) || raw.slice(at) === "-") {
    dashes.push(at);
    at += 2;
    while (raw[at] === " ") at++;
  }
  const rest = raw.slice(at).replace(COMMENT, "").trimEnd();
  const opens = rest === "" || /^[^"'[{][^#]*:$/.test(rest) || /^["'][^"']*["']\s*:$/.test(rest);
  const blockScalar = /(^|[:\s-])[|>][+-]?[0-9]?$/.test(rest);
  const structural = dashes.length > 0 || /^[^\s#"'][^#]*?:(\s|$)/.test(rest) || /^["'][^"']*["']\s*:(\s|$)/.test(rest);
  return { indent, dashes, contentIndent: at, opens, blockScalar, structural };
}

const spaces = (n: number) => `${n} space${n === 1 ? "" : "s"}`;

/**
 * The first line whose indentation fits nothing above it, in block-style YAML: deeper than a line that opens no
 * block, or at a depth no line above is at. Null when the indentation is consistent.
 */
export function indentationProblem(text: string): SyntaxProblem | null {
  const lines = text.split("\n");
  const levels: Level[] = [];
  let prev: LineShape | null = null;
  let prevLine = 0;
  let textBlockAbove: number | null = null;
  let flow = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, "");
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const indent = raw.length - raw.trimStart().length;
    if (textBlockAbove !== null && indent > textBlockAbove) continue;
    textBlockAbove = null;
    if (raw.trimStart().startsWith("\t") || /^ *\t/.test(raw))
      return { message: "Tabs cannot indent YAML; use spaces", line: i + 1, column: 1 };
    if (flow > 0) {
      flow = Math.max(0, flow + flowBalance(raw));
      continue;
    }
    if (trimmed === "---" || trimmed === "...") continue;
    const shape = shapeOf(raw);
    const top = levels[levels.length - 1];
    if (prev && top && indent > top.indent) {
      if (!prev.opens && shape.structural) {
        return {
          message: `Indented ${spaces(indent)}, deeper than line ${prevLine} above, which already has its value; use ${spaces(top.indent)} to line it up with it`,
          line: i + 1,
          column: indent + 1,
        };
      }
    } else if (prev) {
      const same = levels.find((l) => l.indent === indent);
      if (!same) {
        const near = levels.reduce((a, b) => (Math.abs(b.indent - indent) <= Math.abs(a.indent - indent) ? b : a));
        return {
          message: `Indented ${spaces(indent)}, which lines up with no line above; use ${spaces(near.indent)} like line ${near.line}`,
          line: i + 1,
          column: indent + 1,
        };
      }
      if (same.dash && shape.dashes.length === 0) {
        const inner = levels[levels.indexOf(same) + 1];
        const fix = inner
          ? `; use ${spaces(inner.indent)} to keep it in the item that starts on line ${same.line}`
          : "";
        return {
          message: `Indented ${spaces(indent)}, where the list items ("- ") are, but it is not one${fix}`,
          line: i + 1,
          column: indent + 1,
        };
      }
    }
    while (levels.length > 0 && levels[levels.length - 1].indent > indent) levels.pop();
    const last = levels[levels.length - 1];
    if (last && last.indent === indent) last.line = i + 1;
    else levels.push({ indent, dash: shape.dashes.length > 0, line: i + 1 });
    for (const [k, col] of shape.dashes.entries()) {
      if (k > 0) levels.push({ indent: col, dash: true, line: i + 1 });
    }
    if (shape.dashes.length > 0 && shape.contentIndent < raw.length)
      levels.push({ indent: shape.contentIndent, dash: false, line: i + 1 });
    if (shape.blockScalar) textBlockAbove = indent;
    flow = Math.max(0, flowBalance(raw));
    prev = shape;
    prevLine = i + 1;
  }
  return null;
}

/** The key a duplicate-key error points at: the text from its place up to the colon. */
function keyAt(text: string, offset: number): string {
  const rest = text.slice(offset, offset + 200);
  return /^["']?([^"':\n]+)/.exec(rest)?.[1]?.trim() ?? "this key";
}

function plainParserMessage(error: YAMLError, text: string): string {
  const message = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  switch (error.code) {
    case "TAB_AS_INDENT":
      return "Tabs cannot indent YAML; use spaces";
    case "DUPLICATE_KEY":
      return `"${keyAt(text, error.pos[0])}" is written twice at the same level; keep one`;
    case "MULTILINE_IMPLICIT_KEY":
    case "BLOCK_AS_IMPLICIT_KEY":
      return 'This line reads as a key without its ":" (or the next line is indented too deep); write "key: value"';
    case "BAD_INDENT":
      if (/flow/i.test(message)) return 'A "[" or "{" is not closed; close it with "]" or "}"';
      return "The indentation here does not match the lines around it";
    case "MISSING_CHAR":
      if (/quote/i.test(message)) return "A quoted value is not closed; add the closing quote";
      if (/- indicator/.test(message)) return 'A list item must start with "- "';
      return `YAML syntax: ${message}`;
    default:
      return `YAML syntax: ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
  }
}

/**
 * The one syntax problem to report for a document the yaml package refused, or null when it has no errors. An
 * indentation problem found by reading the lines wins when it is at or just after the parser's first complaint
 * (the parser notices a deeper line while reading the line above it).
 */
export function firstSyntaxProblem(
  text: string,
  errors: readonly YAMLError[],
  lines: LineCounter,
): SyntaxProblem | null {
  if (errors.length === 0) return null;
  const first = errors.reduce((a, b) => (b.pos[0] < a.pos[0] ? b : a));
  const pos = lines.linePos(first.pos[0]);
  const indentation = first.code === "DUPLICATE_KEY" ? null : indentationProblem(text);
  if (indentation && indentation.line <= pos.line + 1) return indentation;
  return { message: plainParserMessage(first, text), line: pos.line, column: pos.col };
}
