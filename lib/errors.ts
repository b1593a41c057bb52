// One error type for the domain and one table from code to HTTP status.
import { ZodError } from "zod";
import { isBusyError } from "./db/errors";
import { plainIssues, schemaKeysAt } from "./text/plain-issues";

export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "AppError";
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);
export const forbidden = (message = "You may not do this") => new AppError("forbidden", message);
export const conflict = (message: string, details?: unknown) => new AppError("conflict", message, details);

/**
 * Field errors named by their path, each with a sentence a person can read, e.g.
 * `[{ field: "name", message: "Name is required" }]`. `schema` (the one that refused) adds "did you mean" hints to
 * unknown keys.
 */
export function zodDetails(error: ZodError, schema?: unknown) {
  return plainIssues(error.issues, schema ? (path) => schemaKeysAt(schema, path) : undefined);
}

/** A 400 whose message is the first problem's sentence and whose details name every field. */
export function validationError(error: ZodError, schema?: unknown): AppError {
  const details = zodDetails(error, schema);
  return new AppError("validation_failed", details[0].message, details);
}

/** A 400 for one field: `fieldError("cron", "Cron expression: …")`. */
export function fieldError(field: string, message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError("validation_failed", message, [{ field, message, ...extra }]);
}

/** What a client is told to wait (Retry-After) after the database was busy: a lock held elsewhere, of unknown length. */
export const BUSY_RETRY_AFTER_SECONDS = 2;

/** Seconds to wait before trying again, for errors that pass by themselves (the database was busy); else undefined. */
export function retryAfterSeconds(err: unknown): number | undefined {
  return isBusyError(err) ? BUSY_RETRY_AFTER_SECONDS : undefined;
}

/**
 * Maps any thrown value to the public error shape (and the headers that go with it). Unknown errors never expose
 * their message.
 */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody; headers?: Record<string, string> } {
  // The database refused for now (another connection held its write lock past the busy timeout): the refused
  // statement wrote nothing, and the same request can be sent again.
  const retryAfter = retryAfterSeconds(err);
  if (retryAfter !== undefined) {
    const body: ErrorBody = { error: { code: "unavailable", message: "The database is busy; try again shortly" } };
    return { status: ERROR_STATUS.unavailable, body, headers: { "Retry-After": String(retryAfter) } };
  }
  if (err instanceof AppError) {
    return { status: err.status, body: { error: { code: err.code, message: err.message, details: err.details } } };
  }
  if (err instanceof ZodError) {
    const e = validationError(err);
    return toErrorBody(e);
  }
  const prismaCode = (err as { code?: unknown })?.code;
  if (prismaCode === "P2002") {
    const target = (err as { meta?: { target?: unknown } }).meta?.target;
    return toErrorBody(new AppError("conflict", "A record with this value already exists", { fields: target }));
  }
  if (prismaCode === "P2025") return toErrorBody(new AppError("not_found", "Record not found"));
  return { status: 500, body: { error: { code: "internal", message: "Internal server error" } } };
}
