// Who may decide an approval: anyone signed in when no approvers are named, else a named email (any case) or a
// `role:<role>` the user has; the person who started the run only when the step allows self-approval. Who may see
// it: those, the run's starter and admins.
// Browser-safe: the inbox and the server answer the same question the same way.

export interface Person {
  userId: string;
  email: string;
  role: string;
}

export interface ApprovalRules {
  approvers: string[];
  allowSelfApproval: boolean;
  startedById: string | null;
}

export type Eligibility = { ok: true } | { ok: false; reason: string };

export function isNamedApprover(approvers: string[], person: Pick<Person, "email" | "role">): boolean {
  if (approvers.length === 0) return true;
  const email = person.email.toLowerCase();
  return approvers.some((a) => (a.startsWith("role:") ? a.slice(5) === person.role : a.toLowerCase() === email));
}

/**
 * The one rule for seeing an approval's details (its question, context, approvers, decisions and comments), wherever
 * they are shown: the inbox, GET /api/approvals/{id} and a process run's timeline.
 */
export function canSeeApproval(rules: Pick<ApprovalRules, "approvers" | "startedById">, person: Person): boolean {
  return person.role === "admin" || rules.startedById === person.userId || isNamedApprover(rules.approvers, person);
}

export function eligibility(rules: ApprovalRules, person: Person): Eligibility {
  if (!isNamedApprover(rules.approvers, person))
    return { ok: false, reason: "You are not one of this approval's approvers" };
  if (!rules.allowSelfApproval && rules.startedById === person.userId) {
    return { ok: false, reason: "You started this run, and this step does not allow self-approval" };
  }
  return { ok: true };
}

/** Split of an approvers list into the emails (lower case) and roles it names. */
export function approverTargets(approvers: string[]): { emails: string[]; roles: string[] } {
  const roles = approvers.filter((a) => a.startsWith("role:")).map((a) => a.slice(5));
  const emails = approvers.filter((a) => !a.startsWith("role:")).map((a) => a.toLowerCase());
  return { emails, roles };
}
