// Who may decide an approval: anyone signed in when no approvers are named, else a named email (any case), a
// `role:<role>` the user has or a `group:<name>` they belong to; the person who started the run only when the step
// allows self-approval. A delegate decides for an approver who handed them this approval (or all theirs for a period)
// as if named, and one person counts once. Who may see it: those, the run's starter and admins.
// Browser-safe: the inbox and the server answer the same question the same way (the server reads the groups and
// delegations at the moment of asking and passes them in).

export interface Person {
  userId: string;
  email: string;
  role: string;
  /** names of the approver groups the person belongs to (read when they decide); omitted: none */
  groups?: string[];
}

/** An approver who handed the viewer one approval (approvalId) or all theirs now (approvalId null). */
export interface Delegator extends Person {
  approvalId: string | null;
}

/** The person asking, with who delegated to them right now. */
export interface Viewer extends Person {
  delegators?: Delegator[];
}

export const GROUP_PREFIX = "group:";

export interface ApprovalRules {
  approvers: string[];
  allowSelfApproval: boolean;
  startedById: string | null;
}

export type Eligibility = { ok: true } | { ok: false; reason: string };

export function isNamedApprover(approvers: string[], person: Pick<Person, "email" | "role" | "groups">): boolean {
  if (approvers.length === 0) return true;
  const email = person.email.toLowerCase();
  return approvers.some((a) => {
    if (a.startsWith("role:")) return a.slice(5) === person.role;
    if (a.startsWith(GROUP_PREFIX)) return person.groups?.includes(a.slice(GROUP_PREFIX.length)) ?? false;
    return a.toLowerCase() === email;
  });
}

/** The delegators whose hand-over covers this approval (approvalId undefined: period delegations only). */
function delegatorsFor(viewer: Viewer, approvalId: string | undefined): Delegator[] {
  return (viewer.delegators ?? []).filter((d) => d.approvalId === null || d.approvalId === approvalId);
}

/**
 * The one rule for seeing an approval's details (its question, context, approvers, decisions and comments), wherever
 * they are shown: the inbox, GET /api/approvals/{id} and a process run's timeline.
 */
export function canSeeApproval(
  rules: Pick<ApprovalRules, "approvers" | "startedById"> & { id?: string; deciderIds?: string[] },
  person: Viewer,
): boolean {
  return (
    person.role === "admin" ||
    rules.startedById === person.userId ||
    isNamedApprover(rules.approvers, person) ||
    (rules.deciderIds?.includes(person.userId) ?? false) ||
    delegatorsFor(person, rules.id).some((d) => isNamedApprover(rules.approvers, d))
  );
}

export function eligibility(rules: ApprovalRules, person: Person): Eligibility {
  if (!isNamedApprover(rules.approvers, person))
    return { ok: false, reason: "You are not one of this approval's approvers" };
  if (!rules.allowSelfApproval && rules.startedById === person.userId) {
    return { ok: false, reason: "You started this run, and this step does not allow self-approval" };
  }
  return { ok: true };
}

export interface DecisionRef {
  userId: string;
  onBehalfOfId?: string | null;
}

export type Decider = { ok: true; onBehalfOf: Person | null } | { ok: false; reason: string };

/**
 * Whether the viewer may decide now, and for whom: themselves when eligible, else the first delegator who handed them
 * this approval, is eligible and has not been counted yet. One person counts once: a decision made for someone
 * counts as theirs.
 */
export function deciderFor(rules: ApprovalRules & { id: string; decisions: DecisionRef[] }, viewer: Viewer): Decider {
  if (rules.decisions.some((d) => d.userId === viewer.userId))
    return { ok: false, reason: "You already decided this approval" };
  const counted = new Set(rules.decisions.map((d) => d.onBehalfOfId ?? d.userId));
  const own = eligibility(rules, viewer);
  if (own.ok) {
    if (counted.has(viewer.userId)) return { ok: false, reason: "Someone you delegated to already decided for you" };
    return { ok: true, onBehalfOf: null };
  }
  if (!rules.allowSelfApproval && rules.startedById === viewer.userId) return own;
  const forWhom = delegatorsFor(viewer, rules.id).find((d) => !counted.has(d.userId) && eligibility(rules, d).ok);
  return forWhom ? { ok: true, onBehalfOf: forWhom } : own;
}

/** Split of an approvers list into the emails (lower case) and roles it names. */
export function approverTargets(approvers: string[]): { emails: string[]; roles: string[]; groups: string[] } {
  const roles = approvers.filter((a) => a.startsWith("role:")).map((a) => a.slice(5));
  const groups = approvers.filter((a) => a.startsWith(GROUP_PREFIX)).map((a) => a.slice(GROUP_PREFIX.length));
  const emails = approvers
    .filter((a) => !a.startsWith("role:") && !a.startsWith(GROUP_PREFIX))
    .map((a) => a.toLowerCase());
  return { emails, roles, groups };
}
