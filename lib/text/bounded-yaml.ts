// Reads YAML that strangers write (process definitions, SKILL.md frontmatter) in time that grows with the text and no
// faster. Three things make the yaml package slow on hostile input: its "pretty" errors copy the whole source line for
// every error (a 100 KB line with 50,000 errors is 5 GB of copying), its duplicate-key check compares each key of a map
// with all the keys before it, and parsing and composing cost far more per token than lexing. So errors stay plain
// (the line and column come from a LineCounter), duplicate keys are found with a set, and the text is lexed once
// first, stopping at the first limit passed (tokens, flow nesting, aliases) before the parser builds anything.
// Browser-safe.
import {
  CST,
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  parseDocument,
  YAMLParseError,
} from "yaml";

export interface YamlLimits {
  /** lexical tokens: scalars, indicators, spaces, line breaks */
  maxTokens: number;
  /** how deeply collections (block or flow) may nest */
  maxDepth: number;
  /** `*name` references to anchors; each one can repeat a whole subtree */
  maxAliases: number;
}

export interface YamlLimitProblem {
  message: string;
  /** where the limit was passed (character offset), when known */
  offset: number | null;
  limit: number;
}

const FLOW_STARTS = new Set(["flow-map-start", "flow-seq-start"]);
const FLOW_ENDS = new Set(["flow-map-end", "flow-seq-end"]);
/** Lexer control tokens that stand for no source text. */
const NOT_SOURCE = new Set(["doc-mode", "flow-error-end", "scalar"]);

const tooMany = (limit: number, what: string) => `more than ${limit.toLocaleString("en-US")} ${what}`;

/** The first limit the text passes, found by lexing alone (no parse); null when it stays within them. */
export function yamlLexicalProblem(text: string, limits: YamlLimits): YamlLimitProblem | null {
  let tokens = 0;
  let depth = 0;
  let aliases = 0;
  let offset = 0;
  let scalarText = false;
  for (const lexeme of new Lexer().lex(text)) {
    // The lexer announces plain and block scalars with a control token; what follows is their text, whatever it reads.
    const isText = scalarText;
    scalarText = lexeme === CST.SCALAR;
    const type = isText ? "scalar-text" : CST.tokenType(lexeme);
    if (++tokens > limits.maxTokens) {
      return {
        message: `${tooMany(limits.maxTokens, "YAML tokens")} (keys, values and punctuation); shorten the document`,
        offset,
        limit: limits.maxTokens,
      };
    }
    if (type && FLOW_STARTS.has(type) && ++depth > limits.maxDepth) {
      return { message: `nested more than ${limits.maxDepth} levels deep`, offset, limit: limits.maxDepth };
    }
    if (type && FLOW_ENDS.has(type)) depth = Math.max(0, depth - 1);
    if (type === "alias" && ++aliases > limits.maxAliases) {
      return {
        message: `${tooMany(limits.maxAliases, "aliases (*name)")}; write the values out`,
        offset,
        limit: limits.maxAliases,
      };
    }
    if (!(type && NOT_SOURCE.has(type))) offset += lexeme.length;
  }
  return null;
}

/**
 * How deeply collections nest in a parsed document (a scalar at the top is 0), walked without recursion; on the way,
 * a key repeated in a map is added to the document's errors. (The yaml package's own check compares each key with
 * every key before it: quadratic in the size of a map.)
 */
export function inspectDocument(doc: Document): { depth: number; offset: number | null } {
  let deepest = { depth: 0, offset: null as number | null };
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (isPair(node)) {
      stack.push({ node: node.key, depth }, { node: node.value, depth });
    } else if (isMap(node) || isSeq(node)) {
      const here = depth + 1;
      if (here > deepest.depth) deepest = { depth: here, offset: node.range?.[0] ?? null };
      if (isMap(node)) addDuplicateKeys(doc, node.items);
      for (const item of node.items) stack.push({ node: item, depth: here });
    }
  }
  return deepest;
}

function addDuplicateKeys(doc: Document, pairs: { key: unknown }[]): void {
  const seen = new Set<unknown>();
  for (const { key } of pairs) {
    if (!isScalar(key)) continue;
    if (seen.has(key.value)) {
      const [start, end] = key.range ?? [0, 1];
      doc.errors.push(new YAMLParseError([start, end], "DUPLICATE_KEY", "Map keys must be unique"));
    }
    seen.add(key.value);
  }
}

/**
 * Runs `read` with stack traces off: the yaml package makes an Error for every problem it meets (up to one a token),
 * and capturing each one's stack is most of the cost of reading garbage. Nothing else runs meanwhile (it is
 * synchronous), and the problems are reported by position, never by stack.
 */
function withoutStackTraces<T>(read: () => T): T {
  const before = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return read();
  } finally {
    Error.stackTraceLimit = before;
  }
}

export interface BoundedYaml {
  /** null when a limit was passed (then `limit` says which) */
  doc: Document | null;
  lines: LineCounter;
  limit: YamlLimitProblem | null;
}

/**
 * One YAML document, read within `limits`. Its syntax errors are in `doc.errors` with plain messages; use
 * `lines.linePos(error.pos[0])` for their place.
 */
export function readYamlBounded(text: string, limits: YamlLimits): BoundedYaml {
  const lines = new LineCounter();
  const lexical = yamlLexicalProblem(text, limits);
  if (lexical) {
    // The line starts are still wanted to place the problem.
    lines.addNewLine(0);
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lines.addNewLine(i + 1);
    return { doc: null, lines, limit: lexical };
  }
  const doc = withoutStackTraces(() =>
    parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false }),
  );
  const { depth, offset } = inspectDocument(doc);
  if (depth > limits.maxDepth) {
    return {
      doc: null,
      lines,
      limit: { message: `nested more than ${limits.maxDepth} levels deep`, offset, limit: limits.maxDepth },
    };
  }
  // In source order, as the parser would have reported them.
  doc.errors.sort((a, b) => a.pos[0] - b.pos[0]);
  return { doc, lines, limit: null };
}
