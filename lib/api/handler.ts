// Composes what every route handler does: who is asking, parse params/query/body, map errors to JSON.
import crypto from "node:crypto";
import { NextResponse } from "next/server";
import { z, type ZodType } from "zod";
import { AppError, toErrorBody, validationError } from "../errors";
import { identify, type Identity } from "../auth/identity";
import { internalSecret } from "../env";

export const INTERNAL_SECRET_HEADER = "x-cadre-internal-secret";

type Access = "public" | "user" | "admin" | "internal";

interface RouteOptions<P extends ZodType, Q extends ZodType, B extends ZodType> {
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
}

export interface RouteContext<P, Q, B> {
  req: Request;
  who: Identity | null;
  params: P;
  query: Q;
  body: B;
}

type Infer<T> = T extends ZodType ? z.infer<T> : undefined;

export function json(data: unknown, status = 200): NextResponse {
  return NextResponse.json(data, { status });
}

export function errorResponse(err: unknown): NextResponse {
  const { status, body } = toErrorBody(err);
  if (status >= 500) console.error("[api] unexpected error:", err instanceof Error ? err.stack : err);
  return NextResponse.json(body, { status });
}

function secretMatches(given: string | null): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(internalSecret());
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

async function readBody(req: Request, schema: ZodType) {
  const text = await req.text();
  if (text.length > 1_000_000) throw new AppError("payload_too_large", "Request body is larger than 1 MB");
  let raw: unknown = {};
  if (text.trim()) {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new AppError("bad_request", "Request body is not valid JSON", [{ field: "(body)", message: "invalid JSON" }]);
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error, "body");
  return parsed.data;
}

async function authorize(req: Request, access: Access): Promise<Identity | null> {
  if (access === "public") return null;
  if (access === "internal") {
    if (!secretMatches(req.headers.get(INTERNAL_SECRET_HEADER))) {
      throw new AppError("unauthorized", "Missing or wrong internal secret");
    }
    return null;
  }
  const who = await identify(req.headers);
  if (!who) throw new AppError("unauthorized", "Sign in or send an API token (Authorization: Bearer …)");
  if (access === "admin" && who.role !== "admin") throw new AppError("forbidden", "Only admins may do this");
  return who;
}

/**
 * Builds a Next.js route handler. Access is checked before the body is parsed, so an anonymous caller learns
 * nothing about the shape of the input.
 */
export function route<P extends ZodType = never, Q extends ZodType = never, B extends ZodType = never, W = Identity>(
  opts: RouteOptions<P, Q, B>,
  handler: (ctx: RouteContext<Infer<P>, Infer<Q>, Infer<B>> & { who: W }) => Promise<Response | unknown>,
) {
  return async (req: Request, context: { params: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      const who = await authorize(req, opts.access);
      let params: unknown = undefined;
      if (opts.params) {
        const parsed = opts.params.safeParse(await context.params);
        if (!parsed.success) throw validationError(parsed.error, "path");
        params = parsed.data;
      }
      let query: unknown = undefined;
      if (opts.query) {
        const url = new URL(req.url);
        const parsed = opts.query.safeParse(Object.fromEntries(url.searchParams));
        if (!parsed.success) throw validationError(parsed.error, "query");
        query = parsed.data;
      }
      const body = opts.body ? await readBody(req, opts.body) : undefined;
      const result = await handler({ req, who: who as W, params, query, body } as never);
      if (result instanceof Response) return result;
      return json(result ?? { ok: true });
    } catch (err) {
      return errorResponse(err);
    }
  };
}
