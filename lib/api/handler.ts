// Composes what every route handler does: who is asking, parse params/query/body, map errors to JSON.
import crypto from "node:crypto";
import { NextResponse } from "next/server";
import type { ZodType, z } from "zod";
import { type Identity, identify } from "@/lib/auth/identity";
import { config } from "@/lib/config";
import { AppError, toErrorBody, validationError } from "@/lib/errors";
import { normalizeAddress } from "@/lib/net/client-address";
import { readJsonBody } from "./body";
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from "./limits";
import { assertSameOrigin, isStateChanging, ownOrigins } from "./origin";

export const INTERNAL_SECRET_HEADER = "x-cadre-internal-secret";

export type Access = "public" | "user" | "admin" | "internal";

interface RouteOptions<P extends ZodType, Q extends ZodType, B extends ZodType> {
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** the largest body this route reads (default MAX_BODY_BYTES) */
  maxBodyBytes?: number;
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
  const { status, body, headers } = toErrorBody(err);
  if (status === 503) console.warn(JSON.stringify({ level: "warn", component: "api", message: body.error.message }));
  else if (status >= 500)
    console.error(
      JSON.stringify({
        level: "error",
        component: "api",
        message: "unexpected error",
        error: err instanceof Error ? err.stack : String(err),
      }),
    );
  return NextResponse.json(body, { status, headers });
}

function secretMatches(given: string | null): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(config().secrets.internal);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

async function readBody(req: Request, schema: ZodType, maxBytes = MAX_BODY_BYTES) {
  const raw = (await readJsonBody(req, { maxBytes, maxDepth: MAX_JSON_DEPTH })) ?? {};
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error, schema);
  return parsed.data;
}

/** A route that takes no body still bounds what it is sent, and refuses fields it would silently ignore. */
async function refuseBody(req: Request): Promise<undefined> {
  if (!isStateChanging(req.method)) return undefined;
  const raw = await readJsonBody(req);
  const empty =
    raw === undefined ||
    (typeof raw === "object" && raw !== null && !Array.isArray(raw) && Object.keys(raw).length === 0);
  if (!empty)
    throw new AppError("bad_request", "This request takes no body", [
      { field: "(body)", message: "send no body or {}" },
    ]);
  return undefined;
}

let allowedOrigins: Set<string> | undefined;

/** Cadre's own origins, from the configuration (read once). */
function cadreOrigins(): Set<string> {
  if (!allowedOrigins) {
    const { publicUrl, trustedOrigins } = config();
    allowedOrigins = ownOrigins(publicUrl, trustedOrigins);
  }
  return allowedOrigins;
}

/** Refuses a change that does not come from Cadre's own pages, naming the address to open Cadre at. */
function assertFromCadre(req: Request, tokensExempt = true): void {
  assertSameOrigin(req, cadreOrigins(), { tokensExempt, home: config().publicUrl });
}

/**
 * The checks every route makes, for handlers that are not built with route() (better-auth's): a change must come
 * from Cadre's own origin and carry a bounded JSON body. Answers a request with the same body, already read.
 */
export async function guardBrowserRequest(req: Request): Promise<Request> {
  if (!isStateChanging(req.method)) return req;
  assertFromCadre(req, false);
  const raw = await readJsonBody(req);
  const headers = new Headers(req.headers);
  headers.delete("content-length");
  return new Request(req.url, {
    method: req.method,
    headers,
    body: raw === undefined ? undefined : JSON.stringify(raw),
  });
}

/**
 * The client's address: the web server (scripts/web-server.ts) replaces X-Forwarded-For with the one address it
 * resolved through the trusted proxies, so the first entry is the client (or the socket's peer).
 */
export function requestAddress(req: Request): string | null {
  return normalizeAddress(req.headers.get("x-forwarded-for")?.split(",")[0]);
}

/**
 * Who is asking, checked before anything else is read. A change that relies on the session cookie (or on no
 * identity at all, on public routes) must come from Cadre's own pages; API tokens and the internal secret need
 * no origin, since a foreign page cannot make a browser send them.
 */
async function authorize(req: Request, access: Access): Promise<Identity | null> {
  if (access === "public") {
    assertFromCadre(req);
    return null;
  }
  if (access === "internal") {
    if (!secretMatches(req.headers.get(INTERNAL_SECRET_HEADER))) {
      throw new AppError("unauthorized", "Missing or wrong internal secret");
    }
    return null;
  }
  const who = await identify(req.headers);
  if (!who) throw new AppError("unauthorized", "Sign in or send an API token (Authorization: Bearer …)");
  if (who.via === "session") assertFromCadre(req);
  if (access === "admin" && who.role !== "admin") throw new AppError("forbidden", "Only admins may do this");
  return { ...who, ip: requestAddress(req) };
}

/** What a route handler was built with: who may call it and the schemas it reads its input with. */
export interface RouteContract {
  access: Access;
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
}

const contracts = new WeakMap<object, RouteContract>();

/** The contract of a handler made by route(), so the API reference can be checked against the routes themselves. */
export function routeContract(handler: unknown): RouteContract | undefined {
  return typeof handler === "function" ? contracts.get(handler) : undefined;
}

/**
 * Builds a Next.js route handler. Access is checked before the body is parsed, so an anonymous caller learns
 * nothing about the shape of the input.
 */
export function route<P extends ZodType = never, Q extends ZodType = never, B extends ZodType = never, W = Identity>(
  opts: RouteOptions<P, Q, B>,
  handler: (ctx: RouteContext<Infer<P>, Infer<Q>, Infer<B>> & { who: W }) => Promise<Response | unknown>,
) {
  const answer = async (req: Request, context: { params: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      const who = await authorize(req, opts.access);
      let params: unknown;
      if (opts.params) {
        const parsed = opts.params.safeParse(await context.params);
        if (!parsed.success) throw validationError(parsed.error, opts.params);
        params = parsed.data;
      }
      let query: unknown;
      if (opts.query) {
        const url = new URL(req.url);
        const parsed = opts.query.safeParse(Object.fromEntries(url.searchParams));
        if (!parsed.success) throw validationError(parsed.error, opts.query);
        query = parsed.data;
      }
      const body = opts.body ? await readBody(req, opts.body, opts.maxBodyBytes) : await refuseBody(req);
      const result = await handler({ req, who: who as W, params, query, body } as never);
      if (result instanceof Response) return result;
      return json(result ?? { ok: true });
    } catch (err) {
      return errorResponse(err);
    }
  };
  contracts.set(answer, { access: opts.access, params: opts.params, query: opts.query, body: opts.body });
  return answer;
}
