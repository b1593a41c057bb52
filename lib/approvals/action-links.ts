// One-click decision links for notifications. A link opens a page that shows what will be decided and asks to
// confirm; only the POST of that page decides, so link scanners and previews that fetch URLs decide nothing.
// A token is `<id>.<signature>`: a random id and an HMAC (key derived from the server's auth secret) over the id, the
// approval, the approver, the decision and the expiry, so it is bound to one person and one decision. The row keeps
// only a hash of the signature, never the token; the decision marks the row used in its own transaction (once).
import crypto from "node:crypto";
import type { Identity } from "@/lib/auth/identity";
import { isBanned, toRole } from "@/lib/auth/identity";
import { config } from "@/lib/config";
import { db, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/db/client-types";
import { AppError, forbidden, notFound } from "@/lib/errors";
import type { ApprovalDto } from "@/lib/processes/schemas";
import { decideApproval } from "./approvals";
import { approvalInclude, deciderOf, isPastDeadline, parseJson } from "./dto";
import { loadViewer } from "./viewer";

/** How long a link works when the caller does not say (never past the approval's deadline). */
export const DEFAULT_LINK_TTL_MS = 72 * 3600_000;
const ID_BYTES = 16;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/;

type Decision = "approve" | "reject";

let cachedKey: { secret: string; key: Buffer } | undefined;

function signingKey(): Buffer {
  const secret = config().secrets.auth;
  if (cachedKey?.secret !== secret) {
    const key = Buffer.from(crypto.hkdfSync("sha256", secret, "cadre", "approval action links v1", 32));
    cachedKey = { secret, key };
  }
  return cachedKey.key;
}

interface Bound {
  id: string;
  approvalId: string;
  userId: string;
  decision: string;
  expiresAt: Date;
}

function sign(t: Bound): string {
  const message = [t.id, t.approvalId, t.userId, t.decision, t.expiresAt.getTime()].join("\n");
  return crypto.createHmac("sha256", signingKey()).update(message).digest("base64url");
}

const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

const sameText = (a: string, b: string) =>
  a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));

export interface ApprovalActionLinks {
  /** the approval's page (signed-in people decide there with its buttons) */
  open: string;
  /** confirm pages that decide only when their Confirm button is pressed */
  approve: string;
  reject: string;
  expiresAt: string;
}

/** A token row to store with the notification that carries its link (only the hash of the secret part). */
export interface ActionTokenRow extends Bound {
  secretHash: string;
}

/**
 * Mints an approver's approve and reject links without writing anything: the caller stores `rows` in the transaction
 * that sends the notification (approvalActionLinks does it for a Prisma transaction; the notifier's fan-out with
 * actionTokenInsert in its own). The links work once each, for this person only, until `expiresAt` (default 72 h) and
 * never after the approval's deadline.
 */
export function mintActionLinks(opts: {
  approvalId: string;
  userId: string;
  deadlineAt: Date | null;
  expiresAt?: Date;
}): { links: ApprovalActionLinks; rows: ActionTokenRow[] } {
  const wanted = opts.expiresAt?.getTime() ?? Date.now() + DEFAULT_LINK_TTL_MS;
  const expiresAt = new Date(Math.min(wanted, opts.deadlineAt?.getTime() ?? wanted));
  const base = config().publicUrl.replace(/\/+$/, "");
  const tokens: Record<Decision, string> = { approve: "", reject: "" };
  const rows: ActionTokenRow[] = [];
  for (const decision of ["approve", "reject"] as const) {
    const bound = {
      id: crypto.randomBytes(ID_BYTES).toString("base64url"),
      approvalId: opts.approvalId,
      userId: opts.userId,
      decision,
      expiresAt,
    };
    const signature = sign(bound);
    rows.push({ ...bound, secretHash: sha256(signature) });
    tokens[decision] = `${bound.id}.${signature}`;
  }
  const links = {
    open: `${base}/approvals/${encodeURIComponent(opts.approvalId)}`,
    approve: `${base}/approvals/act/${tokens.approve}`,
    reject: `${base}/approvals/act/${tokens.reject}`,
    expiresAt: expiresAt.toISOString(),
  };
  return { links, rows };
}

/** One INSERT of minted token rows, for a plain-SQL transaction (lib/db/sql.ts). */
export function actionTokenInsert(rows: ActionTokenRow[], now = new Date()): Prisma.Sql {
  const values = rows.map(
    (r) => Prisma.sql`(${r.id}, ${r.approvalId}, ${r.userId}, ${r.decision}, ${r.secretHash}, ${r.expiresAt}, ${now})`,
  );
  return Prisma.sql`INSERT INTO "ApprovalActionToken" ("id", "approvalId", "userId", "decision", "secretHash", "expiresAt", "createdAt")
    VALUES ${Prisma.join(values)}`;
}

/**
 * The approver's links to an approval (see mintActionLinks), stored in `tx`: call it in the transaction that sends the
 * notification.
 */
export async function approvalActionLinks(
  tx: Tx,
  opts: { approvalId: string; userId: string; expiresAt?: Date },
): Promise<ApprovalActionLinks> {
  const approval = await tx.approval.findUnique({ where: { id: opts.approvalId }, select: { deadlineAt: true } });
  if (!approval) throw notFound(`Approval "${opts.approvalId}"`);
  const { links, rows } = mintActionLinks({ ...opts, deadlineAt: approval.deadlineAt });
  for (const row of rows) await tx.approvalActionToken.create({ data: row });
  return links;
}

/** "alice@example.com" → "a…@example.com": enough to recognise, not to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return at > 0 ? `${email[0]}…${email.slice(at)}` : "…";
}

/** Why a link is refused, for the page and the API alike. */
export type LinkRefusal =
  | "malformed"
  | "bad_signature"
  | "unknown"
  | "used"
  | "expired"
  | "forwarded"
  | "closed"
  | "not_eligible";

export class LinkRefused extends AppError {
  constructor(
    readonly reason: LinkRefusal,
    code: "bad_request" | "forbidden" | "not_found" | "conflict",
    message: string,
  ) {
    super(code, message, { reason });
  }
}

async function readToken(token: string) {
  if (!TOKEN_SHAPE.test(token))
    throw new LinkRefused(
      "malformed",
      "bad_request",
      "This link is not complete; copy the whole address from the email",
    );
  const [id, signature] = token.split(".");
  const row = await db.approvalActionToken.findUnique({
    where: { id },
    include: { user: { select: { id: true, email: true, name: true, role: true, banned: true, banExpires: true } } },
  });
  if (!row) throw new LinkRefused("unknown", "not_found", "This link is not known; it may have been removed");
  if (!sameText(sign(row), signature) || !sameText(sha256(signature), row.secretHash))
    throw new LinkRefused("bad_signature", "forbidden", "This link's signature is wrong; it was altered");
  return row;
}

export interface ActionLinkPreview {
  decision: Decision;
  expiresAt: string;
  /** whom the link was sent to (masked) */
  forEmail: string;
  /** the approver the recipient decides for, when they are a delegate (masked) */
  onBehalfOfEmail: string | null;
  approval: {
    id: string;
    processName: string;
    title: string;
    description: string;
    /** the run's input, as "key: value" lines (values shortened) */
    inputSummary: string[];
    requiredApprovals: number;
    approveCount: number;
  };
}

const SUMMARY_KEYS = 12;
const SUMMARY_VALUE_CHARS = 200;

function summarize(input: Record<string, unknown>): string[] {
  return Object.entries(input)
    .slice(0, SUMMARY_KEYS)
    .map(([k, v]) => {
      const text = typeof v === "string" ? v : JSON.stringify(v);
      return `${k}: ${text.length > SUMMARY_VALUE_CHARS ? `${text.slice(0, SUMMARY_VALUE_CHARS)}…` : text}`;
    });
}

/**
 * Everything a link is checked for, in the order a person would want to hear it: not a link, altered, unknown,
 * already used, expired, opened by someone signed in as another person, the approval closed or no longer theirs.
 * `signedIn`: the browser's session, if any. Reads only.
 */
async function checkLink(token: string, signedIn: Identity | null) {
  const row = await readToken(token);
  if (row.usedAt)
    throw new LinkRefused("used", "conflict", `This link was already used on ${row.usedAt.toISOString()}`);
  if (row.expiresAt.getTime() <= Date.now())
    throw new LinkRefused("expired", "conflict", `This link expired on ${row.expiresAt.toISOString()}`);
  if (signedIn && signedIn.userId !== row.userId) {
    throw new LinkRefused(
      "forwarded",
      "forbidden",
      `This link was sent to ${maskEmail(row.user.email)}; sign out or ask for your own link`,
    );
  }
  if (isBanned(row.user)) throw forbidden("This account may not decide approvals");
  const approval = await db.approval.findUnique({ where: { id: row.approvalId }, include: approvalInclude });
  if (!approval) throw new LinkRefused("unknown", "not_found", "The approval of this link no longer exists");
  if (approval.status !== "pending" || isPastDeadline(approval))
    throw new LinkRefused(
      "closed",
      "conflict",
      `This approval is already ${approval.status === "pending" ? "past its deadline" : approval.status.replace("_", " ")}`,
    );
  const who: Identity = {
    userId: row.user.id,
    email: row.user.email,
    name: row.user.name,
    role: toRole(row.user.role),
    via: "token",
  };
  const decider = deciderOf(approval, await loadViewer(who));
  if (!decider.ok) throw new LinkRefused("not_eligible", "forbidden", decider.reason);
  return { row, approval, who, onBehalfOf: decider.onBehalfOf };
}

/** What the confirm page shows; throws LinkRefused (or a 403) with the sentence to show instead. */
export async function previewActionLink(token: string, signedIn: Identity | null): Promise<ActionLinkPreview> {
  const { row, approval, onBehalfOf } = await checkLink(token, signedIn);
  const context = parseJson<{ input?: Record<string, unknown> }>(approval.context, {});
  return {
    decision: row.decision === "reject" ? "reject" : "approve",
    expiresAt: row.expiresAt.toISOString(),
    forEmail: row.user.email,
    onBehalfOfEmail: onBehalfOf ? onBehalfOf.email : null,
    approval: {
      id: approval.id,
      processName: approval.processName,
      title: approval.title,
      description: approval.description,
      inputSummary: summarize(context.input ?? {}),
      requiredApprovals: approval.requiredApprovals,
      approveCount: approval.decisions.filter((d) => d.decision === "approve").length,
    },
  };
}

/** Decides with a link (the confirm page's POST): once, for the person it was sent to, as they would decide. */
export async function actOnActionLink(
  token: string,
  signedIn: Identity | null,
  ip: string | null = null,
): Promise<{ decision: Decision; approval: Pick<ApprovalDto, "id" | "title" | "status" | "processName"> }> {
  const { row, who: approver } = await checkLink(token, signedIn);
  const who = { ...approver, ip };
  const decision: Decision = row.decision === "reject" ? "reject" : "approve";
  try {
    const a = await decideApproval(row.approvalId, { decision, comment: "" }, who, { actionTokenId: row.id });
    return { decision, approval: { id: a.id, title: a.title, status: a.status, processName: a.processName } };
  } catch (err) {
    if (err instanceof AppError && err.code === "conflict" && /link was already used/.test(err.message)) {
      const used = await db.approvalActionToken.findUnique({ where: { id: row.id }, select: { usedAt: true } });
      if (used?.usedAt)
        throw new LinkRefused("used", "conflict", `This link was already used on ${used.usedAt.toISOString()}`);
      throw new LinkRefused("expired", "conflict", "This link has expired");
    }
    throw err;
  }
}

/**
 * A signed-in approver's own links for an approval they may decide now (to keep, or to use on another device): the
 * same single-use links the notifier sends.
 */
export async function ownActionLinks(approvalId: string, who: Identity): Promise<ApprovalActionLinks> {
  const approval = await db.approval.findUnique({ where: { id: approvalId }, include: approvalInclude });
  if (!approval) throw notFound(`Approval "${approvalId}"`);
  const decider = deciderOf(approval, await loadViewer(who));
  if (!decider.ok) throw forbidden(decider.reason);
  if (approval.status !== "pending" || isPastDeadline(approval))
    throw new LinkRefused("closed", "conflict", `This approval is already ${approval.status.replace("_", " ")}`);
  return db.$transaction((tx) => approvalActionLinks(tx, { approvalId, userId: who.userId }));
}
