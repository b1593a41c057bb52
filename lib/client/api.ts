// The browser's one way to call the Cadre API: JSON in, JSON out, and the error shape turned into a typed ApiError.

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldError[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The first message for a field, e.g. `err.fieldError("name")`. */
  fieldError(field: string): string | undefined {
    return this.details.find((d) => d.field === field)?.message;
  }
}

export interface ApiFetchOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  signal?: AbortSignal;
}

function toFieldErrors(details: unknown): FieldError[] {
  if (!Array.isArray(details)) return [];
  return details.filter((d): d is FieldError => typeof d?.field === "string" && typeof d?.message === "string");
}

async function toApiError(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string; details?: unknown };
  } | null;
  const error = body?.error;
  return new ApiError(
    res.status,
    error?.code ?? "http_error",
    error?.message ?? `Request failed (${res.status} ${res.statusText})`,
    toFieldErrors(error?.details),
  );
}

export async function apiFetch<T>(path: string, { method = "GET", body, signal }: ApiFetchOptions = {}): Promise<T> {
  const res = await fetch(path, {
    method,
    signal,
    credentials: "same-origin",
    headers:
      body === undefined
        ? { accept: "application/json" }
        : { accept: "application/json", "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw await toApiError(res);
  // 204 No Content (a delete) has no body to read.
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** What a status means to a person, for an answer that carried no message of its own. */
function statusMessage(status: number): string {
  if (status === 401) return "Your session has ended; sign in again";
  if (status === 403) return "You may not do this";
  if (status === 404) return "It is not there any more; reload the page";
  if (status === 409) return "Someone changed this meanwhile; reload the page and try again";
  if (status === 413) return "That is too large to send";
  if (status === 429) return "Too many tries; wait a moment and try again";
  if (status >= 500) return "Cadre could not do this just now; try again in a moment";
  return "Something went wrong";
}

const API_PATH = /\s*\(?(?:\b(?:GET|POST|PUT|PATCH|DELETE) )?\/api\/[^\s)]*\)?/g;

/**
 * Text fit to show a person: no API address (people do not call those) and no raw JSON; an empty result falls back
 * to what the status means.
 */
export function plainText(message: string, status = 0): string {
  const trimmed = message.trim();
  if (/^[[{]/.test(trimmed)) return statusMessage(status);
  const text = trimmed
    .replace(API_PATH, "")
    .replace(/\s+([;,.])/g, "$1")
    .trim();
  return text || statusMessage(status);
}

/** A message fit to show a person, whatever was thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError)
    return err.code === "http_error" ? statusMessage(err.status) : plainText(err.message, err.status);
  // fetch's own failure: the request never reached Cadre
  if (err instanceof TypeError && /fetch|network/i.test(err.message))
    return "Cadre could not be reached; check the connection and try again";
  if (err instanceof Error) return plainText(err.message);
  return "Something went wrong";
}

export interface FormErrors<F extends string> {
  /** each message beside the field it names */
  fields: Partial<Record<F, string>>;
  /** what names no field of the form, shown once at the form's top; null when every problem has its field */
  general: string | null;
}

/**
 * A failed request split for a form, so each problem is shown once: the API's details that name one of the form's
 * fields go beside that field (`fieldOf` maps an API field such as "files.0.path" to the form's), and only an
 * error that names none of them is shown at the top.
 */
export function formErrors<F extends string>(
  err: unknown,
  fields: readonly F[],
  fieldOf: (apiField: string) => F | undefined = (f) => fields.find((x) => x === f),
): FormErrors<F> {
  if (!err) return { fields: {}, general: null };
  const out: Partial<Record<F, string>> = {};
  if (err instanceof ApiError) {
    for (const d of err.details) {
      const field = fieldOf(d.field);
      if (field && !out[field]) out[field] = plainText(d.message, err.status);
    }
  }
  const placed = Object.keys(out).length > 0;
  return { fields: out, general: placed ? null : errorMessage(err) };
}
