// Reads a JSON request body in bounded time and memory: the media type is checked first, the bytes are counted as
// they arrive (a body larger than the limit is refused without being read whole), nesting depth is measured before
// JSON.parse builds anything, and keys that could reach an object's prototype are refused.
import { AppError } from "@/lib/errors";
import { fieldLabel, sentence } from "@/lib/text/plain-issues";
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from "./limits";

export interface BodyLimits {
  maxBytes: number;
  maxDepth: number;
}

const DEFAULT_LIMITS: BodyLimits = { maxBytes: MAX_BODY_BYTES, maxDepth: MAX_JSON_DEPTH };

function isJsonMediaType(contentType: string): boolean {
  return contentType.split(";")[0].trim().toLowerCase() === "application/json";
}

function unsupportedMediaType(contentType: string | null): AppError {
  return new AppError(
    "unsupported_media_type",
    contentType
      ? `Send the body as application/json, not ${contentType.split(";")[0].trim()}`
      : "Send the body as application/json (Content-Type header)",
    [{ field: "content-type", message: "must be application/json" }],
  );
}

export function payloadTooLarge(limit: number): AppError {
  return new AppError("payload_too_large", `Request body is larger than ${limit} bytes`, [
    { field: "(body)", message: `at most ${limit} bytes`, limit },
  ]);
}

/** Reads at most `limit` bytes; throws 413 as soon as the stream goes past it. */
async function readLimited(req: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) throw payloadTooLarge(limit);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw payloadTooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The deepest nesting of objects and arrays in JSON text, found without parsing it. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/**
 * The first thing in a parsed value that no route may receive: a "__proto__" key (it reaches an object's prototype
 * when copied), or a string with a NUL or a lone surrogate (not text; the databases refuse them). Depth is already
 * bounded.
 */
// In unicode mode a surrogate code unit matches only when it is not half of a pair.
const LONE_SURROGATE = /\p{Cs}/u;
// No database text column holds NUL (PostgreSQL refuses it outright), and no field of Cadre's means anything with it.
const NUL = "\u0000";

function forbiddenPart(value: unknown, path: string[] = []): { field: string; message: string } | null {
  const field = () => path.join(".") || "(body)";
  if (typeof value === "string") {
    if (value.includes(NUL)) return { field: field(), message: "must not contain NUL (U+0000)" };
    return !LONE_SURROGATE.test(value)
      ? null
      : { field: field(), message: "is not valid Unicode text (lone surrogate)" };
  }
  if (value === null || typeof value !== "object") return null;
  for (const key of Object.keys(value)) {
    if (key === "__proto__") return { field: [...path, key].join("."), message: 'the key "__proto__" is reserved' };
    if (LONE_SURROGATE.test(key) || key.includes(NUL))
      return { field: field(), message: "a key is not valid Unicode text" };
    const found = forbiddenPart((value as Record<string, unknown>)[key], [...path, key]);
    if (found) return found;
  }
  return null;
}

/**
 * The request's JSON body, or undefined when it has none. Throws 415 for another media type, 413 past the size
 * limit, 400 for bytes that are not UTF-8 JSON, JSON nested deeper than the limit, a "__proto__" key or a string
 * that is not Unicode text.
 */
export async function readJsonBody(req: Request, limits: BodyLimits = DEFAULT_LIMITS): Promise<unknown> {
  const contentType = req.headers.get("content-type");
  if (contentType !== null && !isJsonMediaType(contentType)) throw unsupportedMediaType(contentType);
  const bytes = await readLimited(req, limits.maxBytes);
  if (bytes.byteLength === 0) return undefined;
  if (contentType === null) throw unsupportedMediaType(null);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("bad_request", "Request body is not valid UTF-8", [
      { field: "(body)", message: "invalid UTF-8" },
    ]);
  }
  if (!text.trim()) return undefined;
  const depth = jsonDepth(text);
  if (depth > limits.maxDepth) {
    throw new AppError("bad_request", `Request body nests objects and arrays deeper than ${limits.maxDepth} levels`, [
      { field: "(body)", message: `at most ${limits.maxDepth} levels of nesting`, limit: limits.maxDepth },
    ]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const where = err instanceof SyntaxError ? err.message : "invalid JSON";
    throw new AppError("bad_request", "Request body is not valid JSON", [{ field: "(body)", message: where }]);
  }
  const forbidden = forbiddenPart(raw);
  if (forbidden) {
    const message = sentence(fieldLabel(forbidden.field), forbidden.message, forbidden.field);
    throw new AppError("bad_request", message, [{ field: forbidden.field, message }]);
  }
  return raw;
}
